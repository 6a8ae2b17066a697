const Database = require('better-sqlite3');

const file = process.env.DATABASE_FILE || 'data/bookmarks.db';
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.exec(`CREATE TABLE IF NOT EXISTS bookmarks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL,
  title TEXT NOT NULL
)`);

module.exports = db;
