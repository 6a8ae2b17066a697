'use strict';

const http = require('node:http');
const ms = require('ms');

const port = Number(process.env.PORT) || 3000;
const startedAt = Date.now();

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/' || pathname === '/health') {
    const body = pathname === '/health'
      ? { status: 'ok', uptime: ms(Date.now() - startedAt) }
      : { message: 'Hello from node-plain-bun' };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not found' }));
});

server.listen(port, '0.0.0.0', () => {
  console.log(`node-plain-bun listening on http://0.0.0.0:${port}`);
});
