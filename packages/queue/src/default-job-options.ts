import type { JobsOptions } from "bullmq";
import { QUEUE_NAMES, type QueueName } from "./queue-names";

const HOUR = 3600;
const DAY = 24 * HOUR;

// Completed jobs are kept briefly for the dashboard; failed jobs are the
// dead-letter queue and stay until replayed or cleaned (two weeks at most).
export const DEFAULT_JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  [QUEUE_NAMES.githubEvents]: {
    attempts: 12,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: { age: HOUR, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
  [QUEUE_NAMES.notifications]: {
    attempts: 10,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: { age: HOUR, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
  [QUEUE_NAMES.deliveries]: {
    // Attempts and backoff come from the channel's retry schedule at fan-out.
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY },
  },
};
