const express = require("express");
const { PrismaClient } = require("@prisma/client");

const prisma = new PrismaClient();
const app = express();
app.use(express.json());

app.get("/health", async (req, res) => {
  try {
    await prisma.$queryRaw`SELECT 1`;
    res.json({ postgres: "ok" });
  } catch (err) {
    res.status(503).json({ postgres: String(err) });
  }
});

app.post("/tickets", async (req, res) => {
  res.status(201).json(await prisma.ticket.create({ data: { title: req.body.title } }));
});

app.get("/tickets", async (req, res) => {
  res.json(await prisma.ticket.findMany({ orderBy: { id: "asc" } }));
});

app.listen(Number(process.env.PORT) || 3000);
