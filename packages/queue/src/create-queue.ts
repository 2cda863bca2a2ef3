import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { DEFAULT_JOB_OPTIONS } from "./default-job-options";
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
}

export function createQueue<Name extends QueueName>(
  name: Name,
  context: QueueContext,
): Queue<QueueData[Name]> {
  return new Queue<QueueData[Name]>(name, {
    connection: context.connection,
    prefix: context.prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS[name],
  });
}
