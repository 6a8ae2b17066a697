const express = require('express');
const morgan = require('morgan');
const items = require('./routes/items');

const app = express();
const port = Number(process.env.PORT) || 8787;

app.use(morgan('tiny'));
app.use(express.json());
app.use('/items', items);

app.get('/healthz', (req, res) => {
  res.json({ ok: true, uptime: process.uptime() });
});

app.listen(port, () => {
  console.log(`inventory-service listening on port ${port}`);
});
