module example.com/acme/shared/greet

go 1.24
