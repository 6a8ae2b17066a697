'use strict';
const express = require('express');
const store = require('./lib/store');

const app = express();
app.use(express.json());

app.get('/', (_req, res) => res.json({ service: 'shortlinks', links: store.size() }));

app.get('/health', (_req, res) => res.json({ ok: true }));

app.post('/links', (req, res) => {
  const { url } = req.body ?? {};
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
    return res.status(400).json({ error: 'url must be http(s)' });
  }
  const id = store.add(url);
  res.status(201).json({ id, short: `/${id}` });
});

app.get('/:id', (req, res) => {
  const link = store.resolve(req.params.id);
  if (!link) return res.sendStatus(404);
  res.redirect(302, link.url);
});

const port = Number(process.env.PORT) || 3000;
const server = app.listen(port, () => console.log(`shortlinks listening on ${port}`));

process.on('SIGTERM', () => server.close(() => process.exit(0)));
