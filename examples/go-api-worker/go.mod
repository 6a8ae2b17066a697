module github.com/acme/pulse

go 1.24
