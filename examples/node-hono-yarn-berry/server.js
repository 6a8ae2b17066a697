'use strict';

const { serve } = require('@hono/node-server');
const { Hono } = require('hono');

const app = new Hono();
const port = Number(process.env.PORT) || 3000;

app.get('/', (c) => c.json({ message: 'Hello from node-hono-yarn-berry' }));

app.get('/health', (c) => c.json({ status: 'ok' }));

serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, (info) => {
  console.log(`node-hono-yarn-berry listening on http://0.0.0.0:${info.port}`);
});
