module github.com/acme/pinboard

go 1.24
