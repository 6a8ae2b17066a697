import express from "express";
import { formatCents, lineTotal, type Order } from "@acme/shared";

const PRICES: Record<string, number> = { tea: 450, coffee: 690, cocoa: 520 };

const app = express();
app.use(express.json());

const orders: Order[] = [];

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.post("/orders", (req, res) => {
  const { item, quantity } = req.body ?? {};
  if (typeof item !== "string" || !(item in PRICES) || !Number.isInteger(quantity) || quantity < 1) {
    res.status(400).json({ error: "expected an item (tea, coffee, cocoa) and a whole quantity" });
    return;
  }
  const order: Order = { id: orders.length + 1, item, quantity };
  orders.push(order);
  res.status(201).json({ ...order, total: formatCents(lineTotal(PRICES[item], quantity)) });
});

app.get("/orders/:id", (req, res) => {
  const order = orders.find((o) => o.id === Number(req.params.id));
  if (!order) {
    res.status(404).json({ error: "no such order" });
    return;
  }
  res.json({ ...order, total: formatCents(lineTotal(PRICES[order.item], order.quantity)) });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => {
  console.log(`api listening on ${port}`);
});
