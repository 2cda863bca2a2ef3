import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { notificationJobSchema, type NotificationJob } from "@hookline/queue";

// Waiting notifications live in a Redis list per channel (so they survive a
// restart), with the time the oldest arrived. A marker per notification makes
// the push idempotent when a fan-out job is retried.
const PUSH = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then
  local length = redis.call('RPUSH', KEYS[1], ARGV[1])
  if length == 1 then redis.call('SET', KEYS[3], ARGV[3]) end
  return length
end
return redis.call('LLEN', KEYS[1])`;

// Removes a sent batch; the remainder's age restarts now (its true arrival is not kept).
const TRIM = `
redis.call('LTRIM', KEYS[1], tonumber(ARGV[1]), -1)
if redis.call('LLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2]) else redis.call('SET', KEYS[2], ARGV[2]) end
return 1`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface RedisWithBatches extends Redis {
  batchPush(
    list: string,
    marker: string,
    since: string,
    item: string,
    markerTtlMs: number,
    now: number,
  ): Promise<number>;
  batchTrim(list: string, since: string, count: number, now: number): Promise<number>;
  batchRelease(lock: string, token: string): Promise<number>;
}

const MARKER_TTL_MS = 7 * 24 * 3600 * 1000;
const FLUSH_LOCK_MS = 30_000;

export interface BatchStore {
  /** Adds a notification to the channel's waiting list; returns how many are waiting. */
  push(channel: string, notification: NotificationJob): Promise<number>;
  /** Milliseconds since the oldest waiting notification arrived, or null when none waits. */
  age(channel: string): Promise<number | null>;
  /**
   * Takes up to `size` waiting notifications and hands them to `send`; they
   * leave the list only after `send` resolved. One replica at a time per channel.
   */
  flush(
    channel: string,
    size: number,
    send: (notifications: NotificationJob[]) => Promise<void>,
  ): Promise<number>;
}

export function createBatchStore(redis: Redis, prefix: string): BatchStore {
  if (!("batchPush" in redis)) {
    redis.defineCommand("batchPush", { numberOfKeys: 3, lua: PUSH });
    redis.defineCommand("batchTrim", { numberOfKeys: 2, lua: TRIM });
    redis.defineCommand("batchRelease", { numberOfKeys: 1, lua: RELEASE });
  }
  const client = redis as RedisWithBatches;
  const list = (channel: string) => `${prefix}:batch:${channel}`;
  const since = (channel: string) => `${prefix}:batch:${channel}:since`;
  return {
    push: (channel, notification) =>
      client.batchPush(
        list(channel),
        `${prefix}:batched:${channel}:${notification.id}`,
        since(channel),
        JSON.stringify(notification),
        MARKER_TTL_MS,
        Date.now(),
      ),
    async age(channel) {
      const first = await redis.get(since(channel));
      return first === null ? null : Date.now() - Number(first);
    },
    async flush(channel, size, send) {
      const lock = `${prefix}:batch:${channel}:lock`;
      const token = randomUUID();
      if ((await redis.set(lock, token, "PX", FLUSH_LOCK_MS, "NX")) === null) return 0;
      try {
        const items = await redis.lrange(list(channel), 0, size - 1);
        if (items.length === 0) return 0;
        await send(items.map((item) => notificationJobSchema.parse(JSON.parse(item))));
        // Crash before this trim: the next flush re-reads the same batch, whose job id is the same.
        await client.batchTrim(list(channel), since(channel), items.length, Date.now());
        return items.length;
      } finally {
        await client.batchRelease(lock, token);
      }
    },
  };
}
