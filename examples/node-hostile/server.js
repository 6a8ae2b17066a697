'use strict';

// Deliberately boring server: the hostile parts of this fixture live in
// package.json (description, author, start script), not in the code.
const http = require('node:http');

const port = Number(process.env.PORT) || 3000;

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/' || pathname === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(pathname === '/health' ? 'ok\n' : 'Hello from hostile-app\n');
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found\n');
});

server.listen(port, '0.0.0.0', () => {
  console.log(`hostile-app listening on http://0.0.0.0:${port}`);
});
