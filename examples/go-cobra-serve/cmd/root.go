// Package cmd holds pastebin's commands.
package cmd

import (
	"os"

	"github.com/spf13/cobra"
)

var rootCmd = &cobra.Command{
	Use:   "pastebin",
	Short: "A tiny pastebin",
	Long:  "pastebin keeps text snippets in memory and serves them over HTTP.",
}

// Execute runs the command line.
func Execute() {
	if err := rootCmd.Execute(); err != nil {
		os.Exit(1)
	}
}
