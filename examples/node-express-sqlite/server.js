const express = require('express');
const db = require('./db');

const app = express();
app.use(express.json());

app.get('/health', (_req, res) => {
  db.prepare('SELECT 1').get();
  res.json({ status: 'ok' });
});

app.get('/bookmarks', (_req, res) => {
  res.json(db.prepare('SELECT id, url, title FROM bookmarks ORDER BY id').all());
});

app.post('/bookmarks', (req, res) => {
  const { url, title } = req.body ?? {};
  if (!url || !title) {
    return res.status(400).json({ error: 'url and title are required' });
  }
  const { lastInsertRowid } = db.prepare('INSERT INTO bookmarks (url, title) VALUES (?, ?)').run(url, title);
  res.status(201).json({ id: Number(lastInsertRowid), url, title });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => console.log(`bookmarks on ${port}`));
