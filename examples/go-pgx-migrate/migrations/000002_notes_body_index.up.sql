CREATE INDEX notes_created_at_idx ON notes (created_at DESC);
