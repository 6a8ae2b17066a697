// Command migrate applies the SQL migrations in ./migrations to DATABASE_URL.
package main

import (
	"errors"
	"log"
	"os"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	_ "github.com/golang-migrate/migrate/v4/source/file"
)

func main() {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		log.Fatal("DATABASE_URL is not set")
	}
	// the pgx/v5 driver registers the pgx5:// scheme
	m, err := migrate.New("file://migrations", "pgx5"+url[len("postgres"):])
	if err != nil {
		log.Fatalf("migrate: %v", err)
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		log.Fatalf("migrate up: %v", err)
	}
	version, dirty, _ := m.Version()
	log.Printf("schema at version %d (dirty=%v)", version, dirty)
}
