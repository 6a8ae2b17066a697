import "dotenv/config";
import express from "express";
import { prisma } from "./db";

const app = express();
app.use(express.json());

app.get("/health", (_req, res) => {
  res.json({ ok: true });
});

app.get("/books", async (_req, res) => {
  res.json(await prisma.book.findMany({ orderBy: { id: "asc" } }));
});

app.post("/books", async (req, res) => {
  const { title, author } = req.body ?? {};
  if (typeof title !== "string" || typeof author !== "string") {
    res.status(400).json({ error: "title and author are required" });
    return;
  }
  res.status(201).json(await prisma.book.create({ data: { title, author } }));
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => console.log(`reading list on ${port}`));

process.on("SIGTERM", () => {
  server.close(() => {
    void prisma.$disconnect().then(() => process.exit(0));
  });
});
