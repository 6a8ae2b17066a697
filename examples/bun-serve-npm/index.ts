import { resolve, shorten } from "./src/store";

const server = Bun.serve({
  port: Number(process.env.PORT) || 8080,
  async fetch(req) {
    const url = new URL(req.url);
    if (url.pathname === "/healthz") {
      return Response.json({ ok: true });
    }
    if (url.pathname === "/" && req.method === "GET") {
      return new Response("shortlinks: POST /links {\"url\": \"...\"}\n");
    }
    if (url.pathname === "/links" && req.method === "POST") {
      const body = (await req.json().catch(() => null)) as { url?: string } | null;
      if (!body?.url) return Response.json({ error: "url is required" }, { status: 400 });
      return Response.json(shorten(body.url), { status: 201 });
    }
    const link = resolve(url.pathname.slice(1));
    return link ? Response.redirect(link.url, 302) : new Response("not found", { status: 404 });
  },
});

console.log(`shortlinks listening on ${server.url}`);
