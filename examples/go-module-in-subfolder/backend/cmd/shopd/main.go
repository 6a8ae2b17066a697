// Command shopd serves the shop's API.
package main

import (
	"cmp"
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/acme/shop/backend/internal/catalog"
)

func main() {
	currency := cmp.Or(os.Getenv("SHOP_CURRENCY"), "EUR")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/products", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(catalog.All(currency))
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})

	port := cmp.Or(os.Getenv("PORT"), "8080")
	log.Printf("shopd listening on :%s", port)
	log.Fatal(http.ListenAndServe(":"+port, mux))
}
