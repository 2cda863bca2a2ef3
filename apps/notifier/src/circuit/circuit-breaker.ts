import type { Redis } from "ioredis";

// One hash per channel, shared by every notifier replica:
//   state = closed | open | half_open, failures, until (ms: end of cool-down or of the probe's turn),
//   quiet_until (ms: the earliest next request a receiver's Retry-After allows)
const CHECK = `
local fields = redis.call('HMGET', KEYS[1], 'state', 'until', 'failures', 'quiet_until')
local state = fields[1] or 'closed'
local untilMs = tonumber(fields[2] or '0')
local now = tonumber(ARGV[1])
-- The receiver named a time (Retry-After): nobody sends, and nobody probes, before it.
local quiet = tonumber(fields[4] or '0')
if now < quiet then return {'wait', quiet} end
if state == 'closed' then return {'send', 0, tonumber(fields[3] or '0')} end
-- While a probe is out, look again soon: it may close the circuit any moment.
if state == 'half_open' and now < untilMs then return {'wait', math.min(untilMs, now + tonumber(ARGV[3]))} end
if now < untilMs then return {'wait', untilMs} end
-- Cool-down over (or the last probe vanished): this caller is the one probe.
redis.call('HSET', KEYS[1], 'state', 'half_open', 'until', now + tonumber(ARGV[2]))
return {'probe', 0, 0}`;

const SUCCESS = `
local previous = redis.call('HGET', KEYS[1], 'state') or 'closed'
redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'until', 0)
return previous`;

const FAILURE = `
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if state == 'half_open' or (state == 'closed' and failures >= tonumber(ARGV[1])) then
  local quiet = tonumber(redis.call('HGET', KEYS[1], 'quiet_until') or '0')
  redis.call('HSET', KEYS[1], 'state', 'open', 'until', math.max(tonumber(ARGV[2]) + tonumber(ARGV[3]), quiet))
  -- Only closed -> open is news; a failed probe re-opens a circuit already reported.
  if state == 'closed' then return 'opened' end
  return 'reopened'
end
return state`;

// A Retry-After is an answer, not a failure: it counts toward no threshold,
// but an open or probing circuit stays open at least until the time named.
const QUIET = `
local fields = redis.call('HMGET', KEYS[1], 'state', 'until', 'quiet_until')
local quiet = math.max(tonumber(fields[3] or '0'), tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'quiet_until', quiet)
local state = fields[1] or 'closed'
if state == 'half_open' then redis.call('HSET', KEYS[1], 'state', 'open', 'until', quiet)
elseif state == 'open' then redis.call('HSET', KEYS[1], 'until', math.max(quiet, tonumber(fields[2] or '0'))) end
return quiet`;

interface RedisWithBreaker extends Redis {
  circuitCheck(
    key: string,
    now: number,
    probeTurnMs: number,
    recheckMs: number,
  ): Promise<[string, number, number?]>;
  circuitSuccess(key: string): Promise<string>;
  circuitQuiet(key: string, untilMs: number): Promise<number>;
  circuitFailure(key: string, threshold: number, now: number, cooldownMs: number): Promise<string>;
}

export type CircuitDecision =
  | { action: "send"; failures: number }
  | { action: "probe"; failures: 0 }
  | { action: "wait"; until: number };

export interface CircuitBreaker {
  /** `probeTurnMs`: how long one probe may take before another caller may probe instead. */
  check(channel: string, probeTurnMs: number): Promise<CircuitDecision>;
  /** Returns true when this success closed an open circuit. */
  recordSuccess(channel: string): Promise<boolean>;
  /**
   * A receiver asked (Retry-After) for no request before `untilMs` (epoch ms):
   * every replica's check answers "wait" until then. Returns the quiet end in force.
   */
  quiet(channel: string, untilMs: number): Promise<number>;
  /** Returns true when this failure opened a closed circuit (a failed probe re-opens it silently). */
  recordFailure(channel: string, threshold: number, cooldownMs: number): Promise<boolean>;
}

/**
 * After `threshold` consecutive transient failures a channel opens: its
 * deliveries wait (delayed, not failed, not sent) until the cool-down ends,
 * then one probe goes through; success closes it, failure re-opens it.
 */
export function createCircuitBreaker(
  redis: Redis,
  prefix: string,
  recheckMs = 500,
): CircuitBreaker {
  if (!("circuitQuiet" in redis)) {
    redis.defineCommand("circuitCheck", { numberOfKeys: 1, lua: CHECK });
    redis.defineCommand("circuitSuccess", { numberOfKeys: 1, lua: SUCCESS });
    redis.defineCommand("circuitFailure", { numberOfKeys: 1, lua: FAILURE });
    redis.defineCommand("circuitQuiet", { numberOfKeys: 1, lua: QUIET });
  }
  const client = redis as RedisWithBreaker;
  const key = (channel: string) => `${prefix}:circuit:${channel}`;
  return {
    async check(channel, probeTurnMs) {
      const [action, until, failures] = await client.circuitCheck(
        key(channel),
        Date.now(),
        probeTurnMs,
        recheckMs,
      );
      if (action === "wait") return { action, until: Number(until) };
      return action === "probe"
        ? { action, failures: 0 }
        : { action: "send", failures: Number(failures ?? 0) };
    },
    recordSuccess: async (channel) => (await client.circuitSuccess(key(channel))) !== "closed",
    quiet: async (channel, untilMs) => Number(await client.circuitQuiet(key(channel), untilMs)),
    recordFailure: async (channel, threshold, cooldownMs) =>
      (await client.circuitFailure(key(channel), threshold, Date.now(), cooldownMs)) === "opened",
  };
}
