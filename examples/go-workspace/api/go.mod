module example.com/api

go 1.24

require example.com/lib v0.0.0
