import express from "express";
import { describeTicket, productName, type Ticket } from "@acme/shared";

const tickets: Ticket[] = [{ id: 1, title: "Set up the workspace", done: true }];

const app = express();
app.use(express.json());

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.get("/tickets", (_req, res) => {
  res.json({ product: productName, tickets: tickets.map(describeTicket) });
});

app.post("/tickets", (req, res) => {
  const title = typeof req.body?.title === "string" ? req.body.title : "";
  if (!title) {
    res.status(400).json({ error: "title is required" });
    return;
  }
  const ticket: Ticket = { id: tickets.length + 1, title, done: false };
  tickets.push(ticket);
  res.status(201).json({ ticket: describeTicket(ticket) });
});

const port = Number(process.env.PORT ?? 3001);
app.listen(port, () => {
  console.log(`api listening on port ${port}`);
});
