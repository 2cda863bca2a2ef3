import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** Releases a lock taken by `tryLock`. */
export type ReleaseLock = () => Promise<void>;

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end return 0`;

/**
 * A lock shared by every sweeper replica: `SET NX PX` with a token of our
 * own, renewed every third of its lifetime while held, released only by its
 * holder. A replica that dies holding it loses it after `ttlMs`.
 * Resolves null when another replica holds it.
 */
export async function tryLock(
  redis: Redis,
  key: string,
  ttlMs: number,
): Promise<ReleaseLock | null> {
  const token = randomUUID();
  const taken = await redis.set(key, token, "PX", ttlMs, "NX");
  if (taken !== "OK") return null;
  const renewal = setInterval(
    () => {
      redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined);
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  renewal.unref();
  return async () => {
    clearInterval(renewal);
    await redis.eval(RELEASE, 1, key, token);
  };
}
