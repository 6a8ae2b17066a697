'use strict';

const express = require('express');
const compression = require('compression');
const morgan = require('morgan');

const items = require('./routes/items');

const app = express();
const port = process.env.PORT || 8080;

app.use(compression());
app.use(morgan('tiny'));
app.use(express.json());

app.get('/healthz', (req, res) => {
  res.json({ status: 'ok', node: process.version });
});

app.use('/items', items);

app.get('/', (req, res) => {
  res.send('inventory-api');
});

app.listen(port, () => {
  console.log(`inventory-api listening on ${port}`);
});
