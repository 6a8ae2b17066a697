package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"example.com/acme/shared/greet"
)

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":9090"
	}
	// the worker answers its health probe while it works
	go func() {
		http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
		log.Fatal(http.ListenAndServe(addr, nil))
	}()
	for range time.Tick(5 * time.Second) {
		log.Println(greet.Hello("worker"))
	}
}
