// Command bookmarks keeps a list of links in SQLite and serves it over HTTP.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/acme/bookmarks/internal/store"
)

func main() {
	dsn := os.Getenv("BOOKMARKS_DB")
	if dsn == "" {
		dsn = "/tmp/bookmarks.db"
	}
	db, err := store.Open(dsn)
	if err != nil {
		log.Fatalf("open %s: %v", dsn, err)
	}
	defer db.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("GET /bookmarks", func(w http.ResponseWriter, r *http.Request) {
		links, err := db.List(r.Context())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(links)
	})
	mux.HandleFunc("POST /bookmarks", func(w http.ResponseWriter, r *http.Request) {
		url := r.FormValue("url")
		if url == "" {
			http.Error(w, "url is required", http.StatusBadRequest)
			return
		}
		if err := db.Add(r.Context(), url); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})

	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	log.Printf("listening on :%s", port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
