// Service module.
module github.com/acme/orders/v2

go 1.23.4

toolchain go1.24.2

require (
	github.com/gin-gonic/gin v1.10.0
	github.com/mattn/go-sqlite3 v1.14.24 // indirect
	golang.org/x/sync v0.10.0
)

require github.com/labstack/echo/v4 v4.13.3

replace github.com/acme/shared => ../shared

exclude golang.org/x/net v0.1.0

retract [v2.0.0, v2.0.5] // broken release
