import { Router } from "express";

export const greeting = "hello";

export const greet = Router();

greet.get("/greet/:name", (req, res) => {
  res.json({ message: `${greeting}, ${req.params.name}` });
});
