import express from "express";
import { MongoClient } from "mongodb";

const client = new MongoClient(process.env.MONGODB_URI ?? "mongodb://localhost:27017/bookmarks");
const port = Number(process.env.PORT ?? 3000);

await client.connect();
const bookmarks = client.db().collection("bookmarks");

const app = express();
app.use(express.json());

app.get("/healthz", async (_req, res) => {
  try {
    await client.db().command({ ping: 1 });
    res.json({ mongodb: "ok" });
  } catch (err) {
    res.status(503).json({ mongodb: String(err) });
  }
});

app.post("/bookmarks", async (req, res) => {
  const { url, title } = req.body;
  const { insertedId } = await bookmarks.insertOne({ url, title, at: new Date() });
  res.status(201).json({ id: insertedId, url, title });
});

app.get("/bookmarks", async (_req, res) => {
  res.json(await bookmarks.find({}, { projection: { _id: 0 } }).toArray());
});

app.listen(port, () => console.log(`bookmarks on ${port}`));
