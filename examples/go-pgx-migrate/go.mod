module github.com/acme/notes

go 1.24

require (
	github.com/golang-migrate/migrate/v4 v4.18.3
	github.com/jackc/pgx/v5 v5.7.5
)
