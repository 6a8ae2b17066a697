import { createServer, type ServerResponse } from 'node:http';
import { components, Level } from './status.ts';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  if (req.url === '/health') {
    const ok = components.every((c) => c.level === Level.Ok);
    return json(res, ok ? 200 : 503, { status: ok ? Level.Ok : Level.Degraded, runtime: 'tsx' });
  }
  if (req.url === '/') {
    return json(res, 200, { components });
  }
  json(res, 404, { error: 'not found' });
});

const port = Number(process.env.PORT ?? 3000);
server.listen(port, () => console.log(`status-board on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
