import Fastify from "fastify";

const app = Fastify({ logger: true });
const started = new Date().toISOString();

app.get("/health", async () => ({ status: "ok" }));
app.get("/", async () => ({ service: "fleet status", started }));

const port = Number(process.env.PORT ?? 4200);
await app.listen({ port, host: "0.0.0.0" });
