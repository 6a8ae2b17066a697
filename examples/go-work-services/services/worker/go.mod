module example.com/acme/services/worker

go 1.24

require example.com/acme/shared/greet v0.0.0

replace example.com/acme/shared/greet => ../../shared/greet
