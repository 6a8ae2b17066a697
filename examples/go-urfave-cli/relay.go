package main

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"

	"github.com/urfave/cli/v2"
)

func serve(c *cli.Context) error {
	targets := c.StringSlice("target")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /hooks", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, t := range targets {
			go relay(t, r.Header.Get("Content-Type"), body)
		}
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	addr := fmt.Sprintf(":%d", c.Int("port"))
	log.Printf("hookrelay on %s, relaying to %d targets", addr, len(targets))
	return http.ListenAndServe(addr, mux)
}

func relay(target, contentType string, body []byte) {
	resp, err := http.Post(target, contentType, bytes.NewReader(body))
	if err != nil {
		log.Printf("relay to %s: %v", target, err)
		return
	}
	resp.Body.Close()
}

func send(c *cli.Context) error {
	body, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	resp, err := http.Post(c.Args().First(), "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status)
	return nil
}
