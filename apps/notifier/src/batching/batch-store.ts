import type { Redis } from "ioredis";
import { notificationJobSchema, type NotificationJob } from "@hookline/queue";
import { CLAIM_DUE, PUSH } from "./batch-scripts";

interface RedisWithBatches extends Redis {
  batchPush(
    list: string,
    claimed: string,
    seq: string,
    markers: string,
    previousMarkers: string,
    item: string,
    markersTtlMs: number,
    now: number,
    size: number,
    notificationId: string,
  ): Promise<Array<string | number>>;
  batchClaimDue(
    list: string,
    claimed: string,
    seq: string,
    now: number,
    intervalMs: number,
    size: number,
    leaseMs: number,
  ): Promise<Array<string | number>>;
}

// A notification's marker stops a retried fan-out job from pushing it twice.
// It must outlive the notifications job's own retries (10 attempts,
// exponential from 1 s: about 17 minutes) and its stalled re-runs; a
// re-published outbox is stopped earlier, by the queue's deduplication.
// Markers sit in one hash per channel and bucket, read in this bucket and
// the previous one: each is remembered for 1 to 2 buckets, and the hashes
// of at most two buckets exist at once.
export const MARKER_BUCKET_MS = 6 * 3600 * 1000;
const MARKERS_TTL_MS = 2 * MARKER_BUCKET_MS + 60_000;

/** The marker hashes of a channel: this bucket's and the previous one's. */
export function markerKeys(prefix: string, channel: string, now: number): [string, string] {
  const bucket = Math.floor(now / MARKER_BUCKET_MS);
  return [`${prefix}:batched:${channel}:${bucket}`, `${prefix}:batched:${channel}:${bucket - 1}`];
}
// Adding a delivery job takes milliseconds; a claim this old lost its replica.
// Taking it over too early only adds the same job id again, which BullMQ ignores.
const DEFAULT_LEASE_MS = 5000;

/** A batch taken off a channel's list, to be enqueued and then released. */
export interface BatchClaim {
  id: string;
  notifications: NotificationJob[];
}

export interface DueClaims {
  claims: BatchClaim[];
  /** Milliseconds until the oldest waiting notification is due, or null when none waits. */
  nextDueMs: number | null;
}

export interface BatchStore {
  /**
   * Adds a notification to the channel's waiting list (once per notification
   * id) and claims every batch of `size` that is now full.
   */
  push(channel: string, size: number, notification: NotificationJob): Promise<BatchClaim[]>;
  /**
   * Claims full batches, the partial batch whose oldest member has waited
   * `intervalMs` (from its own arrival), and claims abandoned by a dead replica.
   */
  claimDue(channel: string, size: number, intervalMs: number): Promise<DueClaims>;
  /** Forgets claims whose delivery jobs are in the queue. */
  release(channel: string, claimIds: readonly string[]): Promise<void>;
  /** How many notifications wait (unclaimed) for the channel. */
  waiting(channel: string): Promise<number>;
}

function parseClaims(reply: ReadonlyArray<string | number>): BatchClaim[] {
  const claims: BatchClaim[] = [];
  for (let i = 1; i < reply.length; i += 2) {
    const { items } = JSON.parse(String(reply[i + 1])) as { items: string[] };
    claims.push({
      id: String(reply[i]),
      notifications: items.map((item) =>
        notificationJobSchema.parse(JSON.parse(item.replace(/^\d+:/, ""))),
      ),
    });
  }
  return claims;
}

/**
 * Waiting notifications live in Redis (they survive a restart), claimed
 * atomically by whichever replica fills a batch or finds one due.
 * `leaseMs`: how old a claim must be before another replica takes it over.
 */
export function createBatchStore(
  redis: Redis,
  prefix: string,
  leaseMs = DEFAULT_LEASE_MS,
): BatchStore {
  if (!("batchClaimDue" in redis)) {
    redis.defineCommand("batchPush", { numberOfKeys: 5, lua: PUSH });
    redis.defineCommand("batchClaimDue", { numberOfKeys: 3, lua: CLAIM_DUE });
  }
  const client = redis as RedisWithBatches;
  const list = (channel: string) => `${prefix}:batch:${channel}`;
  const keys = (channel: string) =>
    [list(channel), `${list(channel)}:claimed`, `${list(channel)}:seq`] as const;
  return {
    async push(channel, size, notification) {
      const now = Date.now();
      const reply = await client.batchPush(
        ...keys(channel),
        ...markerKeys(prefix, channel, now),
        JSON.stringify(notification),
        MARKERS_TTL_MS,
        now,
        size,
        notification.id,
      );
      return parseClaims(reply);
    },
    async claimDue(channel, size, intervalMs) {
      const reply = await client.batchClaimDue(
        ...keys(channel),
        Date.now(),
        intervalMs,
        size,
        leaseMs,
      );
      const nextDueMs = Number(reply[0]);
      return { claims: parseClaims(reply), nextDueMs: nextDueMs < 0 ? null : nextDueMs };
    },
    async release(channel, claimIds) {
      if (claimIds.length > 0) await redis.hdel(keys(channel)[1], ...claimIds);
    },
    waiting: (channel) => redis.llen(list(channel)),
  };
}
