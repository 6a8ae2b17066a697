const express = require("express");
const amqp = require("amqplib");

const QUEUE = "messages";
const port = Number(process.env.PORT) || 3000;
const received = [];
const waiting = new Map();
let channel;

async function connect() {
  const connection = await amqp.connect(process.env.AMQP_URL || "amqp://localhost");
  connection.on("close", () => process.exit(1));
  channel = await connection.createChannel();
  await channel.assertQueue(QUEUE, { durable: true });
  await channel.consume(QUEUE, (msg) => {
    const body = JSON.parse(msg.content.toString());
    received.push(body);
    channel.ack(msg);
    const done = waiting.get(body.id);
    if (done) done(body);
  });
}

const app = express();
app.use(express.json());

app.get("/health", async (req, res) => {
  try {
    await channel.checkQueue(QUEUE);
    res.json({ rabbitmq: "ok" });
  } catch (err) {
    res.status(503).json({ rabbitmq: String(err) });
  }
});

// publishes the message and answers once it came back from the queue
app.post("/messages", async (req, res) => {
  const id = `${Date.now()}-${Math.random()}`;
  const arrived = new Promise((resolve, reject) => {
    waiting.set(id, resolve);
    setTimeout(() => reject(new Error("not delivered")), 5000);
  });
  channel.sendToQueue(QUEUE, Buffer.from(JSON.stringify({ id, text: req.body.text })), { persistent: true });
  try {
    res.status(201).json(await arrived);
  } catch (err) {
    res.status(504).json({ error: String(err) });
  } finally {
    waiting.delete(id);
  }
});

app.get("/messages", (req, res) => res.json(received));

connect()
  .then(() => app.listen(port, () => console.log(`relay listening on ${port}`)))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
