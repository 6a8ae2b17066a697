import Fastify, { type FastifyInstance } from "fastify";
import { config } from "./config.js";
import { healthRoutes } from "./routes/health.js";
import { itemRoutes } from "./routes/items.js";

export function buildApp(): FastifyInstance {
  const app = Fastify({ logger: { level: config.logLevel } });
  app.register(healthRoutes);
  app.register(itemRoutes, { prefix: "/api" });
  return app;
}
