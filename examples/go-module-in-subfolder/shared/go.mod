module github.com/acme/shop/shared

go 1.24
