'use strict';

const express = require('express');
const { receipts } = require('./lib/receipts');

const app = express();
app.use(express.json());

// Invoices are dated in UTC and stack traces must point at the sources: the start script
// sets both, and the readiness check refuses to pass without them.
function settings() {
  return {
    nodeEnv: process.env.NODE_ENV,
    timeZone: process.env.TZ,
    sourceMaps: process.execArgv.includes('--enable-source-maps'),
  };
}

app.get('/', (req, res) => {
  res.json({ service: 'billing-webhooks' });
});

app.post('/webhooks/payment', (req, res) => {
  res.status(202).json(receipts.record(req.body));
});

app.get('/health', (req, res) => {
  const s = settings();
  const ready = s.nodeEnv === 'production' && s.timeZone === 'UTC' && s.sourceMaps;
  res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'misconfigured', ...s });
});

const port = Number(process.env.PORT) || 3000;
const server = app.listen(port, () => console.log(`billing-webhooks on ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
