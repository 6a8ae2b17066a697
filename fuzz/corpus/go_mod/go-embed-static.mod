module github.com/example/statusboard

go 1.24
