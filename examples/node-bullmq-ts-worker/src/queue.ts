import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";

export const QUEUE = "shout";

export interface ShoutJob {
  text: string;
}

// BullMQ needs maxRetriesPerRequest: null on the connections its workers block on
export function connect(): Redis {
  return new Redis(process.env.REDIS_URL ?? "redis://localhost:6379", {
    maxRetriesPerRequest: null,
  });
}

export const connection = connect();
export const queue = new Queue<ShoutJob, string>(QUEUE, { connection });
export const events = new QueueEvents(QUEUE, { connection: connect() });
