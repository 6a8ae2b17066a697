// Package catalog lists the products on sale.
package catalog

import "github.com/acme/shop/shared/money"

type Product struct {
	SKU   string `json:"sku"`
	Name  string `json:"name"`
	Price string `json:"price"`
}

var products = []struct {
	sku, name string
	price     money.Cents
}{
	{"MUG-01", "Enamel mug", 1450},
	{"TEE-02", "Logo T-shirt", 2200},
}

// All returns every product with its price formatted in currency.
func All(currency string) []Product {
	out := make([]Product, 0, len(products))
	for _, p := range products {
		out = append(out, Product{SKU: p.sku, Name: p.name, Price: p.price.Format(currency)})
	}
	return out
}
