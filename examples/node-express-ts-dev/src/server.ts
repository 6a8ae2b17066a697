import express from "express";
import { greet } from "./routes/greet.js";

const app = express();

app.get("/", (_req, res) => {
  res.send("greeter api\n");
});

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

app.use(greet);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, "0.0.0.0", () => {
  console.log(`greeter listening on :${port}`);
});
