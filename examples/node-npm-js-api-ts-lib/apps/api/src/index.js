const express = require("express");
const { validateParcel } = require("@parcel/validation");

const app = express();
app.use(express.json());

const parcels = [];

app.get("/health", (_req, res) => res.json({ status: "ok" }));

app.get("/parcels", (_req, res) => res.json(parcels));

app.post("/parcels", (req, res) => {
  const result = validateParcel(req.body);
  if (!result.ok) return res.status(422).json({ error: result.error });
  parcels.push(result.parcel);
  res.status(201).json({ accepted: result.parcel.tracking });
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, "0.0.0.0", () => console.log(`parcel api on ${port}`));
