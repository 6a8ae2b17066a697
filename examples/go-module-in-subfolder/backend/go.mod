module github.com/acme/shop/backend

go 1.24

require github.com/acme/shop/shared v0.0.0-00010101000000-000000000000

replace github.com/acme/shop/shared => ../shared
