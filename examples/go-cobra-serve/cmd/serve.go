package cmd

import (
	"github.com/acme/pastebin/internal/server"
	"github.com/spf13/cobra"
)

var (
	port    int
	maxSize int64
)

var serveCmd = &cobra.Command{
	Use:   "serve",
	Short: "Serve snippets over HTTP",
	RunE: func(cmd *cobra.Command, args []string) error {
		return server.Run(cmd.Context(), port, maxSize)
	},
}

func init() {
	serveCmd.Flags().IntVarP(&port, "port", "p", 8000, "port to listen on")
	serveCmd.Flags().Int64Var(&maxSize, "max-size", 64<<10, "largest snippet accepted, in bytes")
	rootCmd.AddCommand(serveCmd)
}
