import type { JobsOptions } from "bullmq";
import { QUEUE_NAMES, type QueueName } from "./queue-names";

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * How long a notification id is remembered by the notifications queue
 * (BullMQ's `deduplication` with a TTL, which outlives the job itself):
 * the ingest's default dedupe window (incoming.dedupe_ttl, 72 h), so a
 * worker that re-publishes a delivery's outbox after a crash, or a
 * producer retrying POST /events, queues nothing twice within it. The
 * completed job is gone after an hour; its deduplication key is not.
 */
export const NOTIFICATION_DEDUPE_TTL_MS = 72 * HOUR * 1000;

/**
 * At most this many failed `github-events` jobs are kept, the oldest
 * dropped first: each holds its delivery's body (up to 25 MiB), so the
 * failed set's memory is bounded by count × body size, not by a rate over
 * two weeks. The ledger (webhook_deliveries, FAILED) keeps the delivery id
 * and error of a dropped one; GitHub can redeliver it for 3 days.
 */
export const FAILED_EVENTS_KEPT = 1000;

// Completed jobs are kept briefly for the dashboard; failed jobs are the
// dead-letter queue and stay until replayed or cleaned, within an age and a
// count, so no failed set grows without bound.
export const DEFAULT_JOB_OPTIONS: Record<QueueName, JobsOptions> = {
  [QUEUE_NAMES.githubEvents]: {
    attempts: 12,
    backoff: { type: "exponential", delay: 1000 },
    // A completed job is only there for the dashboard (the ledger is the
    // record) and holds its body: a thousand are enough to look at.
    removeOnComplete: { age: HOUR, count: 1000 },
    // Within the ledger's default retention (7 days), so a failed job's
    // ledger row outlives it.
    removeOnFail: { age: 7 * DAY, count: FAILED_EVENTS_KEPT },
  },
  [QUEUE_NAMES.notifications]: {
    attempts: 10,
    backoff: { type: "exponential", delay: 1000 },
    removeOnComplete: { age: HOUR, count: 10_000 },
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
  [QUEUE_NAMES.deliveries]: {
    // Attempts and backoff come from the channel's retry schedule at fan-out.
    removeOnComplete: { age: DAY, count: 10_000 },
    removeOnFail: { age: 14 * DAY, count: 50_000 },
  },
};
