import type { Queue } from "bullmq";

/** One job as `addBulk` takes it. */
export type JobToAdd<Data> = Parameters<Queue<Data>["addBulk"]>[0][number];

/**
 * Adds jobs in one round trip. A single job goes through `add`: `addBulk`
 * always builds an ioredis pipeline, whose constructor copies every script
 * BullMQ defined on the connection (~100 µs here), which one job does not need.
 */
export async function addJobs<Data>(
  queue: Queue<Data>,
  jobs: ReadonlyArray<JobToAdd<Data>>,
): Promise<void> {
  const [only] = jobs;
  if (!only) return;
  if (jobs.length === 1) {
    await queue.add(only.name, only.data, only.opts);
    return;
  }
  await queue.addBulk([...jobs]);
}
