import express from "express";
import { dueForService, type Vehicle } from "@fleet/util";

const vehicles: Vehicle[] = [];
const app = express();
app.use(express.json());

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.post("/vehicles", (req, res) => {
  const vehicle: Vehicle = { id: String(req.body.id), kilometres: Number(req.body.kilometres) };
  vehicles.push(vehicle);
  res.status(201).json(vehicle);
});

app.get("/vehicles/due", (_req, res) => {
  res.json(dueForService(vehicles));
});

const port = Number(process.env.PORT ?? 3333);
app.listen(port, () => {
  console.log(`fleet api on ${port}`);
});
