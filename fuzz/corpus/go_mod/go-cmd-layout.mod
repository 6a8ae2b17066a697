module example.com/greeter

go 1.24.0

toolchain go1.24.4
