import type { FastifyPluginAsync } from 'fastify';

interface Item {
  sku: string;
  count: number;
}

const items: Item[] = [
  { sku: 'bolt-m4', count: 1200 },
  { sku: 'nut-m4', count: 950 },
];

export const inventoryRoutes: FastifyPluginAsync = async (app) => {
  app.get('/', async () => items);
  app.get<{ Params: { sku: string } }>('/:sku', async (req, reply) => {
    const item = items.find((i) => i.sku === req.params.sku);
    return item ?? reply.code(404).send({ error: 'unknown sku' });
  });
};
