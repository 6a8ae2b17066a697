const express = require("express");
const Boom = require("@hapi/boom");

const app = express();
app.use(express.json());

const orders = new Map();

app.get("/health", (req, res) => res.json({ status: "up" }));

app.post("/orders", (req, res, next) => {
  const { item, quantity } = req.body;
  if (!item || !Number.isInteger(quantity) || quantity < 1) {
    return next(Boom.badRequest("item and a positive quantity are required"));
  }
  const id = String(orders.size + 1);
  orders.set(id, { id, item, quantity });
  res.status(201).json(orders.get(id));
});

app.get("/orders/:id", (req, res, next) => {
  const order = orders.get(req.params.id);
  if (!order) {
    return next(Boom.notFound(`no order ${req.params.id}`));
  }
  res.json(order);
});

app.use((err, req, res, next) => {
  const boom = Boom.isBoom(err) ? err : Boom.boomify(err);
  res.status(boom.output.statusCode).json(boom.output.payload);
});

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`orders-api on ${port}`));
