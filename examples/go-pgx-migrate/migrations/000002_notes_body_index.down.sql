DROP INDEX notes_created_at_idx;
