// The floor for a batching channel under DESIGN.md: every notification is one
// BullMQ job on `notifications`, whatever the channel does with it. A worker
// that does nothing with each job bounds how many notifications per second any
// batching can take in, on this machine, in this run.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { NotificationJob } from "@hookline/queue";

export interface OneQueueOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  count: number;
  /** Puts `count` notifications into the queue it is given. */
  publish: (queue: Queue<NotificationJob>) => Promise<void>;
}

/** Jobs/s from the first job started to the last one finished. */
export async function oneQueueFloor(options: OneQueueOptions): Promise<number> {
  const { redisUrl, prefix, concurrency, count } = options;
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const notifications = new Queue<NotificationJob>("notifications", {
    connection: producer,
    prefix,
  });
  await options.publish(notifications);
  const consumer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let started = 0;
  let finished = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker<NotificationJob>(
    "notifications",
    async () => {
      started ||= performance.now();
    },
    { prefix, concurrency, connection: consumer },
  );
  worker.on("completed", () => {
    if (++finished === count) finish();
  });
  await done;
  const rate = count / ((performance.now() - started) / 1000);
  await worker.close();
  await notifications.close();
  for (const connection of [producer, consumer]) connection.disconnect();
  return rate;
}
