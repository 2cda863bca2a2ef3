import type { Redis } from "ioredis";

export interface LoginAttempt {
  /** Seconds to wait before `user` may try again from `address`; 0 means go ahead. */
  waitSeconds: number;
  /** Attempts counted in the window, the larger of the user's and the address's (this one included). */
  attempts: number;
}

export interface LoginThrottle {
  /**
   * Reserves one password check for `user` from `address` before the
   * password is looked at: counts the attempt against both in one atomic
   * step and says whether it is within the limit. A reserved attempt stays
   * counted as a failure unless `succeeded` is called.
   */
  reserve(user: string, address: string): Promise<LoginAttempt>;
  /** A correct password after `reserve`: clears the user's failures and gives the address its attempt back. */
  succeeded(user: string, address: string): Promise<void>;
  /** A correct login known without a password check (remembered credentials): clears the user's failures. */
  cleared(user: string): Promise<void>;
}

// KEYS: user key, address key. ARGV: window in seconds.
// Returns {user count, user ttl, address count, address ttl} after counting this attempt.
const RESERVE = `
local result = {}
for i, key in ipairs(KEYS) do
  local count = redis.call("INCR", key)
  if redis.call("TTL", key) < 0 then redis.call("EXPIRE", key, ARGV[1]) end
  result[#result + 1] = count
  result[#result + 1] = redis.call("TTL", key)
end
return result
`;

// KEYS: user key, address key. Clears the user's count; returns the address's reserved attempt.
const SUCCEEDED = `
redis.call("DEL", KEYS[1])
if tonumber(redis.call("GET", KEYS[2]) or "0") > 0 then redis.call("DECR", KEYS[2]) end
return 0
`;

/**
 * Login attempts counted in Redis per user and per client address, so every
 * dashboard replica sees the same counts. Each attempt is reserved (INCR with
 * its window, one Lua script) before the password is checked and the
 * decision is taken from the reserved count, so however many requests race,
 * at most `limit` passwords are checked per user and per address within the
 * window: past that, that user (from anywhere) and that address (for any
 * user) wait out the rest of the window. Guessing one password or spraying
 * many users both stop.
 */
export function createLoginThrottle(
  redis: Redis,
  prefix: string,
  limit: number,
  windowSeconds = 900,
): LoginThrottle {
  const userKey = (user: string) => `${prefix}:dashboard:login-failures:user:${user}`;
  const keys = (user: string, address: string) => [
    userKey(user),
    `${prefix}:dashboard:login-failures:address:${address}`,
  ];
  return {
    async reserve(user, address) {
      const [userCount, userTtl, addressCount, addressTtl] = (
        (await redis.eval(RESERVE, 2, ...keys(user, address), windowSeconds)) as number[]
      ).map(Number) as [number, number, number, number];
      let waitSeconds = 0;
      if (userCount > limit)
        waitSeconds = Math.max(waitSeconds, userTtl > 0 ? userTtl : windowSeconds);
      if (addressCount > limit)
        waitSeconds = Math.max(waitSeconds, addressTtl > 0 ? addressTtl : windowSeconds);
      return { waitSeconds, attempts: Math.max(userCount, addressCount) };
    },
    async succeeded(user, address) {
      await redis.eval(SUCCEEDED, 2, ...keys(user, address));
    },
    async cleared(user) {
      await redis.del(userKey(user));
    },
  };
}
