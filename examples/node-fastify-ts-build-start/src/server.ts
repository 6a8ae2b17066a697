import Fastify from 'fastify';
import { inventoryRoutes } from './routes/inventory.js';

const app = Fastify({ logger: true });

app.get('/health', async () => ({
  status: 'ok',
  // this file runs compiled: the build stage ran `tsc`, not the container
  compiled: import.meta.url.endsWith('.js'),
}));

await app.register(inventoryRoutes, { prefix: '/items' });

const port = Number(process.env.PORT ?? 3000);
const close = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);

await app.listen({ port, host: '0.0.0.0' });
