const express = require('express');

const router = express.Router();
const items = new Map([['sku-1', { sku: 'sku-1', name: 'widget', stock: 12 }]]);

router.get('/', (req, res) => res.json([...items.values()]));
router.get('/:sku', (req, res) => {
  const item = items.get(req.params.sku);
  if (!item) return res.status(404).json({ error: 'unknown sku' });
  res.json(item);
});

module.exports = router;
