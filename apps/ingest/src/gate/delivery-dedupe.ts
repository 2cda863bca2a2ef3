import { createHash } from "node:crypto";
import type { JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { dedupeKey, deliveryKey, QUEUE_NAMES } from "@hookline/queue";

// Sent just before the add, on the same connection, so Redis runs it first
// and both share one round trip (and, with appendfsync always, one fsync).
// KEYS[1] is BullMQ's deduplication key of the job id, KEYS[2] the job
// itself, KEYS[3] the body's key; ARGV the job id and the window in ms.
// A body already held by another job id gets that id written into this job
// id's deduplication key, so the add that follows stores nothing (BullMQ
// answers it "deduplicated"). The body's key is claimed atomically, so of two
// copies of one body arriving at once under two ids only one gets 0.
const CLAIM_DELIVERY = `
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 1 end
local owner = redis.call('GET', KEYS[3])
if owner and owner ~= ARGV[1] then
  redis.call('SET', KEYS[1], owner, 'PX', ARGV[2], 'NX')
  return 2
end
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
   * Checks a verified delivery against the window (`incoming.dedupe_ttl`)
   * and, when it is new, claims its body for `jobId`. Call it, without
   * awaiting, right before the `queue.add` with `jobOptions(jobId)` on the
   * same connection: the add then stores nothing unless this resolves "new".
   * Rejects with Redis's error when Redis cannot answer.
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
 * key is set by the same script that stores the job, and a key with a ttl is
 * kept through completion, failure and retention trimming,
 * https://docs.bullmq.io/guide/jobs/deduplication); the body's window is a
 * key per source and SHA-256 of the JSON text (so a JSON and a form-encoded
 * copy of one event are one delivery), claimed by a script sent with the add.
 *
 * BullMQ cannot say whether an add with a custom job id stored the job or
 * found it (it returns the same id either way), so the verdict comes from
 * the claim. A body is claimed in the same round trip as its job is stored:
 * when the add fails (503), GitHub's redelivery of that id finds the claim
 * its own and is accepted; only a copy under another id is answered
 * duplicate meanwhile.
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
