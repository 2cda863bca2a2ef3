// The floor for any notifier of this design (docs/architecture.md): every delivery is two
// BullMQ jobs (the notification, then one delivery job per channel) and one
// axios POST. Both workers run in this process and do nothing else: no
// validation, signing, circuit breaker, metrics or attempt log.
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { bullPriority, DELIVERY_JOB, type NotificationJob } from "@hookline/queue";
import { keepAliveClient } from "./keep-alive-client";

export interface FloorOptions {
  redisUrl: string;
  prefix: string;
  url: string;
  body: string;
  concurrency: number;
  count: number;
  /** Puts `count` notifications into the queue it is given. */
  publish: (queue: Queue<NotificationJob>) => Promise<void>;
}

/** Deliveries/s from the first fan-out to the last delivery. */
export async function twoQueueFloor(options: FloorOptions): Promise<number> {
  const { redisUrl, prefix, url, body, concurrency, count } = options;
  const producer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const notifications = new Queue<NotificationJob>("notifications", {
    connection: producer,
    prefix,
  });
  const deliveries = new Queue("deliveries", { connection: producer, prefix });
  await options.publish(notifications);
  const client = keepAliveClient(concurrency);
  const consumers = [0, 1].map(() => new Redis(redisUrl, { maxRetriesPerRequest: null }));
  let started = 0;
  let delivered = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const workerOptions = { prefix, concurrency };
  const fanOut = new Worker<NotificationJob>(
    "notifications",
    async (job) => {
      started ||= performance.now();
      await deliveries.add(DELIVERY_JOB, job.data, {
        jobId: `${job.id}.monitoring`,
        priority: bullPriority(job.data.priority),
        attempts: 8,
      });
    },
    { ...workerOptions, connection: consumers[0]! },
  );
  const delivery = new Worker(
    "deliveries",
    async (job) => {
      await client.post(url, body, {
        headers: { "Content-Type": "application/json", "webhook-id": job.id },
      });
      if (++delivered === count) finish();
    },
    { ...workerOptions, connection: consumers[1]! },
  );
  await done;
  const rate = count / ((performance.now() - started) / 1000);
  await Promise.all([fanOut.close(), delivery.close()]);
  await Promise.all([notifications.close(), deliveries.close()]);
  for (const connection of [producer, ...consumers]) connection.disconnect();
  return rate;
}
