'use strict';

// Applies the SQL files in migrations/ in order and records them in the schema ledger
// (a JSON file standing in for the database's migrations table). Safe to run on every
// start: a migration already recorded is skipped.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ledger = path.join(process.env.DATA_DIR || os.tmpdir(), 'schema-ledger.json');
const dir = path.join(__dirname, '..', 'migrations');

const applied = fs.existsSync(ledger) ? JSON.parse(fs.readFileSync(ledger, 'utf8')) : [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
  if (applied.some((m) => m.name === file)) continue;
  const sql = fs.readFileSync(path.join(dir, file), 'utf8').trim();
  applied.push({ name: file, statements: sql.split(';').filter(Boolean).length, at: new Date().toISOString() });
  console.log(`migrate: applied ${file}`);
}
fs.writeFileSync(ledger, JSON.stringify(applied, null, 2));
console.log(`migrate: ${applied.length} migrations in ${ledger}`);
