// Deliberately broken: it would listen on PORT, but fails first, as a missing setting would.
const http = require("node:http");

const port = Number(process.env.PORT || 3000);
if (!process.env.DATABASE_URL) {
  console.error("fatal: DATABASE_URL is not set (deliberately broken fixture)");
  process.exit(1);
}
http.createServer((_req, res) => res.end("ok\n")).listen(port);
