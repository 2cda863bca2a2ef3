import { createHash } from "node:crypto";
import type { JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { dedupeKey, deliveryKey, QUEUE_NAMES } from "@hookline/queue";

// One round trip before the add. KEYS[1] is BullMQ's deduplication key of the
// job id, KEYS[2] the job itself, KEYS[3] the body's key; ARGV the job id and
// the window in ms. The body's key is claimed for this job id, so of two
// deliveries of one body arriving at once under two ids only one gets 0.
const CLAIM_DELIVERY = `
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 1 end
local owner = redis.call('GET', KEYS[3])
if owner and owner ~= ARGV[1] then return 2 end
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
return 0`;

interface RedisWithClaim extends Redis {
  hooklineClaimDelivery(
    idKey: string,
    jobKey: string,
    bodyKey: string,
    jobId: string,
    ttlMs: number,
  ): Promise<0 | 1 | 2>;
}

/** What the ingest already holds of a delivery. */
export type DeliveryVerdict =
  /** Neither its id nor its body: add it. */
  | "new"
  /** Its id was accepted in the window (whatever the body). */
  | "same-id"
  /** Its body was accepted under another id in the window: a replay, or a second hook. */
  | "same-body";

const VERDICTS: readonly DeliveryVerdict[] = ["new", "same-id", "same-body"];

export interface DeliveryDedupe {
  /**
   * Checks a verified delivery against the window (`incoming.dedupe_ttl`) and,
   * when it is new, claims its body for `jobId`. Rejects with Redis's error
   * when Redis cannot answer.
   */
  claim(source: string, jobId: string, json: string): Promise<DeliveryVerdict>;
  /** The add options that make BullMQ keep the id's window (see dedupeKey). */
  jobOptions(jobId: string): JobsOptions & { jobId: string };
}

/**
 * One delivery is one delivery, whatever id it arrives under: GitHub's
 * signature covers the body, not X-GitHub-Delivery
 * (https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries),
 * so a body re-sent under another id is the same delivery. The id's window is
 * BullMQ's own deduplication (`deduplication: { id, ttl }` on the add: the
 * key is set by the same script that stores the job, kept through
 * completion, failure and retention trimming because it has a ttl,
 * https://docs.bullmq.io/guide/jobs/deduplication); the body's window is a
 * key per source and SHA-256 of the JSON text (so a JSON and a form-encoded
 * copy of one event are one delivery), claimed here before the add.
 *
 * A body is claimed before its job is stored: when the add then fails (503),
 * GitHub's redelivery of that id still finds the claim its own and is
 * accepted; only a copy under another id is answered duplicate meanwhile.
 * BullMQ cannot say whether an add with a custom job id stored it or found it
 * (it returns the same id either way), so the id is checked here too.
 */
export function createDeliveryDedupe(redis: Redis, prefix: string, ttlMs: number): DeliveryDedupe {
  if (!("hooklineClaimDelivery" in redis)) {
    redis.defineCommand("hooklineClaimDelivery", { numberOfKeys: 3, lua: CLAIM_DELIVERY });
  }
  const client = redis as RedisWithClaim;
  const jobKeyPrefix = `${prefix}:${QUEUE_NAMES.githubEvents}:`;
  return {
    async claim(source, jobId, json) {
      const digest = createHash("sha256").update(json).digest("hex");
      const verdict = await client.hooklineClaimDelivery(
        dedupeKey(prefix, jobId),
        jobKeyPrefix + jobId,
        `${prefix}:dedupe-body:${deliveryKey(source, digest)}`,
        jobId,
        ttlMs,
      );
      return VERDICTS[verdict]!;
    },
    jobOptions: (jobId) => ({ jobId, deduplication: { id: jobId, ttl: ttlMs } }),
  };
}
