import { Worker } from "bullmq";
import { QUEUE, connect, type ShoutJob } from "./queue.js";

const worker = new Worker<ShoutJob, string>(
  QUEUE,
  async (job) => {
    console.log(`job ${job.id}: ${job.data.text.length} characters`);
    return job.data.text.toUpperCase();
  },
  { connection: connect(), concurrency: 4 },
);

worker.on("failed", (job, err) => console.error(`job ${job?.id} failed: ${err.message}`));
worker.on("ready", () => console.log(`worker waiting for jobs on "${QUEUE}"`));

async function stop(signal: string) {
  console.log(`${signal}: closing the worker`);
  await worker.close();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
