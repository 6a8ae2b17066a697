import Fastify from "fastify";
import { greet } from "@acme/shared";

const app = Fastify({ logger: true });

app.get("/health", async () => ({ status: "ok" }));
app.get("/hello/:name", async (request) => {
  const { name } = request.params as { name: string };
  return greet(name);
});

const port = Number(process.env.PORT ?? 3000);
app.listen({ port, host: process.env.HOST ?? "0.0.0.0" }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
