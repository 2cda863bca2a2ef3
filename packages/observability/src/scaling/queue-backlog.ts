import type { Queue } from "bullmq";
import { QUEUE_BACKLOG_SCRIPT } from "./queue-backlog-script";

const COMMAND = "hooklineQueueBacklog";
const defined = new WeakSet<object>();

/** What a scaler needs of one queue. */
export interface QueueBacklog {
  /** Jobs a worker could start now: waiting + prioritized + delayed whose time has come. */
  ready: number;
  /** How long the oldest ready job has been ready, seconds (0 when none is). */
  oldestReadyAgeSeconds: number;
  /** Jobs being worked on, by all replicas. */
  active: number;
}

/**
 * Reads a queue's backlog in one atomic script. BullMQ's own counts are not
 * enough for scaling: `wait` alone misses prioritized jobs (a separate
 * sorted set since BullMQ 4: taskforcesh/bullmq#2005, #2069) and `delayed`
 * mixes retries that are due with ones hours away.
 */
export async function readQueueBacklog(queue: Queue, now = Date.now()): Promise<QueueBacklog> {
  const client = await queue.getBackend().client;
  // Defined on the connection once; BullMQ's client runs it by SHA (EVALSHA) after that.
  if (!defined.has(client)) {
    client.defineCommand(COMMAND, { numberOfKeys: 4, lua: QUEUE_BACKLOG_SCRIPT, readOnly: true });
    defined.add(client);
  }
  const keys = ["wait", "prioritized", "delayed", "active"].map((type) => queue.toKey(type));
  const [ready, ageMs, active] = (await client.runCommand(COMMAND, [
    ...keys,
    String(now),
    queue.toKey(""),
  ])) as [number, number, number];
  return { ready, oldestReadyAgeSeconds: ready > 0 ? ageMs / 1000 : 0, active };
}
