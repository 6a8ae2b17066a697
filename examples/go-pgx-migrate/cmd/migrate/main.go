// Command migrate applies the SQL migrations in ./migrations to DATABASE_URL.
package main

import (
	"errors"
	"log"
	"net/url"
	"os"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	_ "github.com/golang-migrate/migrate/v4/source/file"
)

func main() {
	dsn, err := url.Parse(os.Getenv("DATABASE_URL"))
	if err != nil || dsn.Host == "" {
		log.Fatal("DATABASE_URL is not set to a postgres:// URL")
	}
	// the pgx/v5 driver registers the pgx5:// scheme (postgres:// and postgresql:// are lib/pq's)
	dsn.Scheme = "pgx5"
	m, err := migrate.New("file://migrations", dsn.String())
	if err != nil {
		log.Fatalf("migrate: %v", err)
	}
	if err := m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		log.Fatalf("migrate up: %v", err)
	}
	version, dirty, _ := m.Version()
	log.Printf("schema at version %d (dirty=%v)", version, dirty)
}
