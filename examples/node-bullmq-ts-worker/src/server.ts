import express from "express";
import { connection, events, queue } from "./queue.js";

const app = express();
app.use(express.json());

app.get("/", (_req, res) => {
  res.send("shout queue\n");
});

// healthy when Redis answers
app.get("/healthz", async (_req, res) => {
  try {
    await connection.ping();
    res.json({ status: "ok" });
  } catch (err) {
    res.status(503).json({ status: "unavailable", error: (err as Error).message });
  }
});

// queue the text and wait for a worker to shout it back
app.post("/shout", async (req, res) => {
  const text = req.body?.text;
  if (typeof text !== "string" || text === "") {
    res.status(400).json({ error: "want {\"text\": \"...\"}" });
    return;
  }
  const job = await queue.add("shout", { text });
  try {
    const result = await job.waitUntilFinished(events, 10_000);
    res.status(201).json({ id: job.id, result });
  } catch (err) {
    res.status(504).json({ id: job.id, error: (err as Error).message });
  }
});

app.get("/shout/:id", async (req, res) => {
  const job = await queue.getJob(req.params.id);
  if (!job) {
    res.status(404).json({ error: "no such job" });
    return;
  }
  res.json({ id: job.id, state: await job.getState(), result: job.returnvalue });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`listening on :${port}`));
