import Fastify from "fastify";
import slugify from "slugify";

const app = Fastify({ logger: true });

app.get("/health", async () => ({ ok: true }));

// slugify is patched (patches/slugify@1.6.6.patch): ä, ö, ü become ae, oe, ue
app.get("/slug", async (request) => {
  const title = String(request.query.title ?? "");
  return { slug: slugify(title, { lower: true }) };
});

const port = Number(process.env.PORT ?? 3000);
await app.listen({ port, host: "0.0.0.0" });
