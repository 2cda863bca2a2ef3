import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { DEFAULT_JOB_OPTIONS } from "./default-job-options";
import type { QueueName } from "./queue-names";

export interface QueueContext {
  connection: Redis;
  /** Hash-tagged key prefix, e.g. "{hookline}"; tests use their own. */
  prefix: string;
}

export function createQueue<Data = unknown>(name: QueueName, context: QueueContext): Queue<Data> {
  return new Queue<Data>(name, {
    connection: context.connection,
    prefix: context.prefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS[name],
  });
}
