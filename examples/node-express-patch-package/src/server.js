const express = require("express");
const ms = require("ms");

const RETENTION = {
  logs: 14 * 24 * 60 * 60 * 1000,
  sessions: 2 * 60 * 60 * 1000,
};

const app = express();

app.get("/healthz", (req, res) => res.send("ok"));

// ms is patched (patches/ms+2.1.3.patch) to print whole weeks as `2w`
app.get("/retention/:kind", (req, res) => {
  const period = RETENTION[req.params.kind];
  if (period === undefined) {
    return res.status(404).json({ error: "unknown kind" });
  }
  res.json({ kind: req.params.kind, keep: ms(period) });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, "0.0.0.0", () => console.log(`retention-service on :${port}`));
