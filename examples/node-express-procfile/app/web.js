'use strict';

const { parseArgs } = require('node:util');
const express = require('express');
const links = require('./links');

// The platform passes the port on the command line (`--port $PORT` in the Procfile).
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = Number(values.port);
if (!port) {
  console.error('usage: node app/web.js --port PORT');
  process.exit(2);
}

const app = express();
app.use(express.json());

app.get('/', (req, res) => res.json({ service: 'link-shortener' }));

app.post('/links', (req, res) => res.status(201).json(links.add(req.body.url)));

app.get('/l/:code', (req, res) => {
  const url = links.get(req.params.code);
  return url ? res.redirect(url) : res.sendStatus(404);
});

// healthy when the port it was told to listen on is the platform's
app.get('/healthz', (req, res) => {
  const agrees = String(port) === process.env.PORT;
  res.status(agrees ? 200 : 503).json({ status: agrees ? 'ok' : 'port mismatch', port });
});

const server = app.listen(port, () => console.log(`link-shortener on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
