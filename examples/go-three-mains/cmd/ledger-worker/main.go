// Command ledger-worker runs the export hook (LEDGER_EXPORT_HOOK) on a timer.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	every := flag.Duration("every", time.Hour, "how often to run the export hook")
	flag.Parse()

	hook := os.Getenv("LEDGER_EXPORT_HOOK")
	if hook == "" {
		log.Fatal("LEDGER_EXPORT_HOOK is not set")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	tick := time.NewTicker(*every)
	defer tick.Stop()
	for {
		cmd := exec.CommandContext(ctx, hook)
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Printf("export hook: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
