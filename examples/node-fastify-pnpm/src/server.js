'use strict';

const Fastify = require('fastify');

const app = Fastify({ logger: true });
const port = Number(process.env.PORT) || 3000;

app.get('/', async () => ({ message: 'Hello from node-fastify-pnpm' }));

app.get('/health', async () => ({ status: 'ok' }));

app.listen({ port, host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
