// Package store keeps bookmarks in a SQLite database.
package store

import (
	"context"
	"database/sql"

	_ "github.com/mattn/go-sqlite3"
)

// Store is a bookmarks database.
type Store struct {
	*sql.DB
}

// Open opens (and creates, the first time) the database at dsn.
func Open(dsn string) (*Store, error) {
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS bookmarks (
		id INTEGER PRIMARY KEY,
		url TEXT NOT NULL,
		created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
	)`); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db}, nil
}

// Add saves a link.
func (s *Store) Add(ctx context.Context, url string) error {
	_, err := s.ExecContext(ctx, `INSERT INTO bookmarks (url) VALUES (?)`, url)
	return err
}

// List returns every link, newest first.
func (s *Store) List(ctx context.Context) ([]string, error) {
	rows, err := s.QueryContext(ctx, `SELECT url FROM bookmarks ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var links []string
	for rows.Next() {
		var url string
		if err := rows.Scan(&url); err != nil {
			return nil, err
		}
		links = append(links, url)
	}
	return links, rows.Err()
}
