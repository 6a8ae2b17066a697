'use strict';

const express = require('express');
const { healthPayload } = require('@node-workspace-npm/shared');

const app = express();
const port = Number(process.env.PORT) || 3000;

app.get('/', (req, res) => {
  res.json({ message: 'Hello from node-workspace-npm' });
});

app.get('/health', (req, res) => {
  res.json(healthPayload());
});

app.listen(port, '0.0.0.0', () => {
  console.log(`node-workspace-npm api listening on http://0.0.0.0:${port}`);
});
