// Command pinboard keeps a board of short notes in memory and serves it over HTTP.
package main

import (
	"flag"
	"html/template"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

var page = template.Must(template.New("board").Parse(`<!doctype html>
<title>{{.Title}}</title>
<h1>{{.Title}}</h1>
<form method="post" action="/pins"><input name="text" maxlength="280"> <button>Pin</button></form>
<ul>{{range .Pins}}<li>{{.}}</li>{{end}}</ul>
`))

type board struct {
	mu    sync.Mutex
	title string
	pins  []string
}

func (b *board) show(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	defer b.mu.Unlock()
	page.Execute(w, struct {
		Title string
		Pins  []string
	}{b.title, b.pins})
}

func (b *board) pin(w http.ResponseWriter, r *http.Request) {
	text := strings.TrimSpace(r.FormValue("text"))
	if text != "" {
		b.mu.Lock()
		b.pins = append(b.pins, text)
		b.mu.Unlock()
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func main() {
	addr := flag.String("addr", ":9090", "address to listen on")
	title := flag.String("title", "Pinboard", "title of the board")
	flag.Parse()

	b := &board{title: *title}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", b.show)
	mux.HandleFunc("POST /pins", b.pin)
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok"))
	})

	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Printf("pinboard on %s", *addr)
	log.Fatal(srv.ListenAndServe())
}
