'use strict';

const { Router } = require('express');

const router = Router();

const items = [
  { sku: 'BOX-S', name: 'Small box', stock: 120 },
  { sku: 'BOX-L', name: 'Large box', stock: 40 },
];

router.get('/', (req, res) => {
  res.json(items);
});

router.get('/:sku', (req, res) => {
  const item = items.find((i) => i.sku === req.params.sku);
  if (!item) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json(item);
});

module.exports = router;
