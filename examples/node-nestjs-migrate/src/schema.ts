import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The migrations the schema ledger lists, and those in migrations/ it lacks. */
export function schemaState(): { applied: string[]; pending: string[] } {
  const ledger = join(process.env.DATA_DIR || tmpdir(), 'schema-ledger.json');
  const applied: string[] = existsSync(ledger)
    ? JSON.parse(readFileSync(ledger, 'utf8')).map((m: { name: string }) => m.name)
    : [];
  const all = readdirSync(join(__dirname, '..', 'migrations')).filter((f) => f.endsWith('.sql'));
  return { applied, pending: all.filter((f) => !applied.includes(f)) };
}
