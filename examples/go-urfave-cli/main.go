// Command hookrelay receives webhooks and relays them.
package main

import (
	"log"
	"os"

	"github.com/urfave/cli/v2"
)

func main() {
	app := &cli.App{
		Name:  "hookrelay",
		Usage: "receive webhooks and relay them",
		Commands: []*cli.Command{
			{
				Name:  "serve",
				Usage: "receive webhooks over HTTP",
				Flags: []cli.Flag{
					&cli.IntFlag{Name: "port", Value: 4000, EnvVars: []string{"PORT"}, Usage: "port to listen on"},
					&cli.StringSliceFlag{Name: "target", EnvVars: []string{"HOOKRELAY_TARGETS"}, Usage: "URL to relay to"},
				},
				Action: serve,
			},
			{
				Name:      "send",
				Usage:     "send one webhook, read from stdin",
				ArgsUsage: "URL",
				Action:    send,
			},
		},
	}
	if err := app.Run(os.Args); err != nil {
		log.Fatal(err)
	}
}
