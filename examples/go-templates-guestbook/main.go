// Command guestbook renders a guestbook from the templates in templates/ and serves the
// files in static/.
package main

import (
	"html/template"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

type entry struct {
	Name    string
	Message string
	At      time.Time
}

type book struct {
	mu      sync.Mutex
	entries []entry
}

func (b *book) add(e entry) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.entries = append([]entry{e}, b.entries...)
}

func (b *book) list() []entry {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]entry(nil), b.entries...)
}

func main() {
	tmpl := template.Must(template.ParseGlob("templates/*.html"))
	guests := &book{}

	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServer(http.Dir("static"))))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if err := tmpl.ExecuteTemplate(w, "index.html", guests.list()); err != nil {
			log.Printf("render: %v", err)
		}
	})
	mux.HandleFunc("POST /sign", func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimSpace(r.FormValue("name"))
		message := strings.TrimSpace(r.FormValue("message"))
		if name == "" || message == "" {
			http.Error(w, "name and message are required", http.StatusBadRequest)
			return
		}
		guests.add(entry{Name: name, Message: message, At: time.Now()})
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})

	addr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		addr = ":" + port
	}
	log.Printf("guestbook on %s", addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}
