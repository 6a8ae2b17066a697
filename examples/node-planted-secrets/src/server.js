'use strict';

const express = require('express');
const config = require('./config');

const app = express();

const orders = [
  { id: 1, item: 'anvil', quantity: 1 },
  { id: 2, item: 'rocket skates', quantity: 2 },
];

app.get('/', (req, res) => {
  res.json({ service: 'acme-orders' });
});

app.get('/orders', (req, res) => {
  res.json(orders);
});

app.get('/healthz', (req, res) => {
  res.json({ status: 'ok', database: config.databaseUrl ? 'configured' : 'none' });
});

app.listen(config.port, '0.0.0.0', () => {
  console.log(`acme-orders listening on http://0.0.0.0:${config.port}`);
});
