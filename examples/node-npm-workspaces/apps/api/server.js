const express = require("express");
const { enqueue } = require("@acme/jobs");

const app = express();
app.use(express.json());

app.get("/health", (_req, res) => res.json({ status: "ok" }));
app.post("/jobs", (req, res) => res.status(202).json(enqueue("email", req.body)));

const port = Number(process.env.PORT || 3000);
app.listen(port, () => console.log(`api listening on ${port}`));
