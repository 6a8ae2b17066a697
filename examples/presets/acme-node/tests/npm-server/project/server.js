'use strict';

const express = require('express');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/', (req, res) => {
  res.json({ message: 'Hello from node-express-npm' });
});

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.listen(port, '0.0.0.0', () => {
  console.log(`node-express-npm listening on http://0.0.0.0:${port}`);
});
