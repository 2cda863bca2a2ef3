import type { Redis } from "ioredis";

export interface LoginThrottle {
  /** Seconds to wait before `user` may try again from `address`, or 0. */
  waitSeconds(user: string, address: string): Promise<number>;
  /** Counts a failed login against the user and the address; returns the larger count. */
  failed(user: string, address: string): Promise<number>;
  succeeded(user: string, address: string): Promise<void>;
}

/**
 * Failed logins counted in Redis per user and per client address, so every
 * dashboard replica sees the same counts: after `limit` failures within the
 * window, that user (from anywhere) and that address (for any user) wait out
 * the rest of the window. Guessing one password or spraying many users both stop.
 */
export function createLoginThrottle(
  redis: Redis,
  prefix: string,
  limit: number,
  windowSeconds = 900,
): LoginThrottle {
  const keys = (user: string, address: string) => [
    `${prefix}:dashboard:login-failures:user:${user}`,
    `${prefix}:dashboard:login-failures:address:${address}`,
  ];
  return {
    async waitSeconds(user, address) {
      const [userKey, addressKey] = keys(user, address);
      const results = await redis
        .multi()
        .get(userKey!)
        .ttl(userKey!)
        .get(addressKey!)
        .ttl(addressKey!)
        .exec();
      const [userCount, userTtl, addressCount, addressTtl] = (results ?? []).map(([, value]) =>
        Number(value ?? 0),
      );
      let wait = 0;
      if ((userCount ?? 0) >= limit) wait = Math.max(wait, userTtl ?? windowSeconds);
      if ((addressCount ?? 0) >= limit) wait = Math.max(wait, addressTtl ?? windowSeconds);
      return wait;
    },
    async failed(user, address) {
      const pipeline = redis.multi();
      for (const key of keys(user, address)) pipeline.incr(key).expire(key, windowSeconds, "NX");
      const results = (await pipeline.exec()) ?? [];
      return Math.max(Number(results[0]?.[1] ?? 0), Number(results[2]?.[1] ?? 0));
    },
    async succeeded(user, address) {
      await redis.del(keys(user, address)[0]!);
    },
  };
}
