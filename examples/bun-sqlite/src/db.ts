import { Database } from "bun:sqlite";

// In memory: the notes live as long as the process (a demo, not a store).
export const db = new Database(":memory:", { strict: true });

db.run(`CREATE TABLE notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (datetime('now'))
)`);
db.run("INSERT INTO notes (body) VALUES (?)", ["hello from bun:sqlite"]);

export type Note = { id: number; body: string; created_at: string };

export const listNotes = db.query<Note, []>("SELECT * FROM notes ORDER BY id");
export const addNote = db.query<Note, { body: string }>(
  "INSERT INTO notes (body) VALUES ($body) RETURNING *",
);
