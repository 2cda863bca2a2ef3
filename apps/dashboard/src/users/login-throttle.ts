import type { Redis } from "ioredis";

export interface LoginAttempt {
  /** Seconds to wait before `user` may try again from `network`; 0 means go ahead. */
  waitSeconds: number;
  /** Which limit asked for the wait, when one did. */
  limitedBy?: "user" | "network";
  /** Failures counted (this attempt included): the user's, and the network's in its window. */
  userFailures: number;
  networkFailures: number;
}

export interface LoginThrottle {
  /**
   * Reserves one password check for `user` from `network` (a client network
   * key, see @hookline/client-network) before the password is looked at:
   * counts the attempt as a failure of both in one atomic step and says
   * whether it may go ahead. A reserved attempt stays counted unless
   * `succeeded` is called.
   */
  reserve(user: string, network: string): Promise<LoginAttempt>;
  /**
   * A correct password after `reserve`: clears the user's failures and
   * backoff, gives the network its attempt back, and remembers the network
   * as one the user signs in from. Nothing else clears a user's backoff.
   */
  succeeded(user: string, network: string): Promise<void>;
}

export interface LoginThrottleOptions {
  /** Failed logins per user before its backoff starts, and per network per window. */
  limit: number;
  /** The per-network window, seconds (fixed: counted from its first failure). */
  windowSeconds?: number;
  /** The first backoff delay past the limit, ms; it doubles with each further failure. */
  backoffBaseMs?: number;
  /** The longest backoff delay, ms. */
  backoffCapMs?: number;
  /** How long a network the user signed in from stays known, seconds. */
  knownSeconds?: number;
}

// KEYS: user failures, user next-allowed (ms), network failures, known (user, network).
// ARGV: now ms, limit, window s, backoff base ms, backoff cap ms, user-state ttl s.
// Returns {wait ms, limited by (0 none, 1 user, 2 network), user failures, network failures}.
const RESERVE = `
local now, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local network = redis.call("INCR", KEYS[3])
if redis.call("TTL", KEYS[3]) < 0 then redis.call("EXPIRE", KEYS[3], ARGV[3]) end
if network > limit then
  return {redis.call("PTTL", KEYS[3]), 2, 0, network}
end
-- A network the user has signed in from is theirs: the user's backoff, which
-- attackers elsewhere drive, never stops the owner there.
if redis.call("EXISTS", KEYS[4]) == 1 then return {0, 0, 0, network} end
local nextAllowed = tonumber(redis.call("GET", KEYS[2]) or "0")
if now < nextAllowed then
  -- Not checked, so not a guess: the network gets it back.
  redis.call("DECR", KEYS[3])
  return {nextAllowed - now, 1, tonumber(redis.call("GET", KEYS[1]) or "0"), network - 1}
end
local failures = redis.call("INCR", KEYS[1])
redis.call("EXPIRE", KEYS[1], ARGV[6])
if failures >= limit then
  -- Reserved now, so parallel guesses wait too; cleared by a correct password.
  local delay = math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ (failures - limit))
  redis.call("SET", KEYS[2], now + delay, "EX", ARGV[6])
end
return {0, 0, failures, network}
`;

// KEYS: user failures, user next-allowed, network failures, known. ARGV: known ttl s.
const SUCCEEDED = `
redis.call("DEL", KEYS[1], KEYS[2])
if tonumber(redis.call("GET", KEYS[3]) or "0") > 0 then redis.call("DECR", KEYS[3]) end
redis.call("SET", KEYS[4], "1", "EX", ARGV[1])
return 0
`;

/**
 * Login attempts counted in Redis, shared by every dashboard replica, two ways:
 * - per network (a client network key: an IPv6 /64, an IPv4 address): at
 *   most `limit` failures per window, then that network waits the window out
 *   for every user, so spraying passwords across users stops;
 * - per user: past `limit` failures, each further attempt waits a delay that
 *   doubles (1 s, 2 s, 4 s … up to the cap), so guessing one password slows
 *   down. Only a correct password clears it, and a network the user has
 *   signed in from before skips it, so the owner is never locked out by
 *   someone else's guesses.
 * Each attempt is reserved (one Lua script) before the password is checked,
 * so however many requests race, none overtakes the limits.
 */
export function createLoginThrottle(
  redis: Redis,
  prefix: string,
  options: LoginThrottleOptions,
): LoginThrottle {
  const {
    limit,
    windowSeconds = 900,
    backoffBaseMs = 1000,
    backoffCapMs = 60_000,
    knownSeconds = 30 * 86_400,
  } = options;
  const base = `${prefix}:dashboard:login`;
  const keys = (user: string, network: string) => [
    `${base}:user-failures:${user}`,
    `${base}:user-next:${user}`,
    `${base}:network-failures:${network}`,
    `${base}:known:${user}:${network}`,
  ];
  // A user's failures are forgotten a day after the last one.
  const userStateSeconds = 86_400;
  return {
    async reserve(user, network) {
      const [waitMs, limitedBy, userFailures, networkFailures] = (
        (await redis.eval(
          RESERVE,
          4,
          ...keys(user, network),
          Date.now(),
          limit,
          windowSeconds,
          backoffBaseMs,
          backoffCapMs,
          userStateSeconds,
        )) as number[]
      ).map(Number) as [number, number, number, number];
      return {
        waitSeconds: waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0,
        ...(limitedBy === 1 ? { limitedBy: "user" as const } : {}),
        ...(limitedBy === 2 ? { limitedBy: "network" as const } : {}),
        userFailures,
        networkFailures,
      };
    },
    async succeeded(user, network) {
      await redis.eval(SUCCEEDED, 4, ...keys(user, network), knownSeconds);
    },
  };
}
