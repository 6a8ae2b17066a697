import type { FastifyInstance } from "fastify";

interface Item {
  id: number;
  name: string;
  qty: number;
}

const items: Item[] = [
  { id: 1, name: "widget", qty: 12 },
  { id: 2, name: "gadget", qty: 3 },
];

export async function itemRoutes(app: FastifyInstance): Promise<void> {
  app.get("/items", async () => items);
  app.get<{ Params: { id: string } }>("/items/:id", async (req, reply) => {
    const item = items.find((i) => i.id === Number(req.params.id));
    if (!item) return reply.code(404).send({ error: "not found" });
    return item;
  });
}
