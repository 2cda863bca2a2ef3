import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { DEFAULT_JOB_OPTIONS, NOTIFICATION_DEDUPE_TTL_MS } from "./default-job-options";
import type { DeliveryJob } from "./jobs/delivery-job";
import type { IncomingEventJob } from "./jobs/incoming-event-job";
import type { NotificationJob } from "./jobs/notification-job";
import type { QueueName } from "./queue-names";

/** The job payload each queue carries: the name decides the type, so they cannot be mismatched. */
export interface QueueData {
  "github-events": IncomingEventJob;
  notifications: NotificationJob;
  deliveries: DeliveryJob;
}

export interface QueueContext {
  connection: Redis;
  /** Hash-tagged key prefix, e.g. "{hookline}"; tests use their own. */
  prefix: string;
  /**
   * How long the notifications queue remembers a notification id (ms): the
   * ingest's dedupe window, incoming.dedupe_ttl. Default
   * NOTIFICATION_DEDUPE_TTL_MS (its default, 72 h).
   */
  dedupeTtlMs?: number;
}

const dedupeWindows = new WeakMap<Queue, number>();

/** The deduplication window a queue was created with (see QueueContext.dedupeTtlMs). */
export function dedupeWindowOf(queue: Queue): number {
  return dedupeWindows.get(queue) ?? NOTIFICATION_DEDUPE_TTL_MS;
}

export function createQueue<Name extends QueueName>(
  name: Name,
  context: QueueContext,
): Queue<QueueData[Name]> {
  const queue = new Queue<QueueData[Name]>(name, {
    connection: context.connection,
    prefix: context.prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS[name],
  });
  if (context.dedupeTtlMs !== undefined) dedupeWindows.set(queue, context.dedupeTtlMs);
  return queue;
}
