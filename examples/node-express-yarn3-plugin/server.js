const fs = require("fs");
const path = require("path");
const express = require("express");

const app = express();
app.use(express.json());

const started = new Date().toISOString();
const checks = [];

app.get("/health", (req, res) => res.json({ ok: true }));

// what the Yarn plugin recorded at install time
app.get("/dependencies", (req, res) => {
  const file = path.join(__dirname, "node_modules", ".installed-report.json");
  if (!fs.existsSync(file)) {
    return res.status(500).json({ error: "no install report: was the Yarn plugin loaded?" });
  }
  res.type("json").send(fs.readFileSync(file, "utf8"));
});

app.get("/checks", (req, res) => res.json({ started, checks }));

app.post("/checks", (req, res) => {
  const { name, ok } = req.body || {};
  if (typeof name !== "string") {
    return res.status(400).json({ error: "name is required" });
  }
  const check = { name, ok: ok !== false, at: new Date().toISOString() };
  checks.push(check);
  res.status(201).json(check);
});

const port = Number(process.env.PORT || 3000);
app.listen(port, () => console.log(`status board on ${port}`));
