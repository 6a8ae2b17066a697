module x
go 1.100
toolchain default
