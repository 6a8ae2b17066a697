const express = require("express");
const { pool, migrate } = require("./db");
const { redis } = require("./cache");

const app = express();
app.use(express.json());

app.get("/", (req, res) => res.send("notes api"));

// healthy only when both stores answer
app.get("/healthz", async (req, res) => {
  try {
    await pool.query("SELECT 1");
    await redis.ping();
    res.json({ status: "ok" });
  } catch (err) {
    res.status(503).json({ status: "unavailable", error: err.message });
  }
});

app.post("/notes", async (req, res) => {
  const { rows } = await pool.query("INSERT INTO notes (body) VALUES ($1) RETURNING id, body", [
    String(req.body.body || ""),
  ]);
  await redis.del("notes:count");
  res.status(201).json(rows[0]);
});

app.get("/notes/:id", async (req, res) => {
  const { rows } = await pool.query("SELECT id, body FROM notes WHERE id = $1", [req.params.id]);
  if (!rows.length) return res.status(404).json({ error: "not found" });
  const count = await redis.incr("notes:reads");
  res.json({ ...rows[0], reads: count });
});

const port = Number(process.env.PORT) || 3000;
migrate()
  .then(() => app.listen(port, () => console.log(`listening on ${port}`)))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
