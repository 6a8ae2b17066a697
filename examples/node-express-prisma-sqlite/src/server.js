const express = require("express");
const { PrismaClient } = require("@prisma/client");

const prisma = new PrismaClient();
const app = express();
app.use(express.json());

app.get("/health", (req, res) => res.json({ ok: true }));

app.get("/bookmarks", async (req, res) => {
  res.json(await prisma.bookmark.findMany({ orderBy: { id: "asc" } }));
});

app.post("/bookmarks", async (req, res) => {
  const { url, title } = req.body;
  if (!url || !title) {
    return res.status(400).json({ error: "url and title are required" });
  }
  res.status(201).json(await prisma.bookmark.create({ data: { url, title } }));
});

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`bookmarks on ${port}`));
