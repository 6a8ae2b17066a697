// Command worker checks pulse's targets on a timer and logs what it finds.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/acme/pulse/internal/targets"
)

func check(ctx context.Context, client *http.Client, url string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		log.Printf("%s: %v", url, err)
		return
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		log.Printf("%s: down (%v)", url, err)
		return
	}
	resp.Body.Close()
	log.Printf("%s: %d in %s", url, resp.StatusCode, time.Since(start).Round(time.Millisecond))
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	client := &http.Client{Timeout: 10 * time.Second}
	every := targets.Interval()
	log.Printf("pulse worker: checking every %s", every)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		urls := targets.FromEnv()
		if len(urls) == 0 {
			log.Print("no targets (set PULSE_TARGETS)")
		}
		for _, url := range urls {
			check(ctx, client, url)
		}
		select {
		case <-ctx.Done():
			log.Print("pulse worker: stopping")
			return
		case <-tick.C:
		}
	}
}
