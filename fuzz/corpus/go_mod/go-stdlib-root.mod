module github.com/example/go-stdlib-root

go 1.24
