import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// views/ sits beside src/ and dist/: read from the project root, as compiled
const viewsDir = join(__dirname, '..', 'views');

export function renderPage(name: string, values: Record<string, string>): string {
  const template = readFileSync(join(viewsDir, `${name}.html`), 'utf8');
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}
