// Command server serves greetings over HTTP.
package main

import (
	"log"
	"net/http"
	"os"

	"example.com/greeter/internal/greet"
)

func main() {
	addr := ":9090"
	if p := os.Getenv("PORT"); p != "" {
		addr = ":" + p
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(greet.Hello(r.URL.Query().Get("name")) + "\n"))
	})
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
