import type { Redis } from "ioredis";

// Sliding-window counter: the previous window's count, weighted by how much of
// it still overlaps the last minute, plus the current window's count. One
// round trip, atomic, shared by every ingest replica.
const SLIDING_WINDOW = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
if previous * (window - elapsed) / window + current >= limit then
  return {0, current, previous}
end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], window * 2)
return {1, current + 1, previous}`;

type SlidingWindowReply = [allowed: number, current: number, previous: number];

interface RedisWithRateLimit extends Redis {
  hooklineSlidingWindow(
    current: string,
    previous: string,
    limit: number,
    windowMs: number,
    elapsedMs: number,
  ): Promise<SlidingWindowReply>;
}

export interface RateLimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
}

export type RateLimiter = (bucket: string, limitPerWindow: number) => Promise<RateLimitVerdict>;

/** Milliseconds from now until a request would be allowed again. */
function waitMs(
  limit: number,
  windowMs: number,
  elapsed: number,
  current: number,
  previous: number,
): number {
  if (current < limit && previous > 0) {
    // Still inside this window: wait until the previous window's weight has decayed enough.
    return Math.max(0, windowMs - ((limit - current) * windowMs) / previous - elapsed);
  }
  // Only the next window can help; there, this window's count is the decaying one.
  return windowMs - elapsed + Math.max(0, windowMs - (limit * windowMs) / Math.max(current, 1));
}

export function createRateLimiter(redis: Redis, prefix: string, windowMs = 60_000): RateLimiter {
  if (!("hooklineSlidingWindow" in redis)) {
    redis.defineCommand("hooklineSlidingWindow", { numberOfKeys: 2, lua: SLIDING_WINDOW });
  }
  const client = redis as RedisWithRateLimit;
  return async (bucket, limit) => {
    if (limit <= 0) return { allowed: true, retryAfterSeconds: 0 };
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const elapsed = now - window * windowMs;
    const key = `${prefix}:rate:${bucket}`;
    const [allowed, current, previous] = await client.hooklineSlidingWindow(
      `${key}:${window}`,
      `${key}:${window - 1}`,
      limit,
      windowMs,
      elapsed,
    );
    if (allowed === 1) return { allowed: true, retryAfterSeconds: 0 };
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil(waitMs(limit, windowMs, elapsed, current, previous) / 1000),
    );
    return { allowed: false, retryAfterSeconds };
  };
}
