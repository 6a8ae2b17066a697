// Command ledger-api serves the ledger's HTTP API.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/acme/ledger/internal/httpapi"
	"github.com/acme/ledger/internal/ledger"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	addr := ":" + getenv("PORT", "8081")
	if err := httpapi.Run(ctx, addr, ledger.New()); err != nil {
		log.Fatal(err)
	}
}

func getenv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}
