import type { Redis } from "ioredis";

// One hash per channel, shared by every notifier replica:
//   state = closed | open | half_open, failures, until (ms: end of cool-down or of the probe's turn)
const CHECK = `
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
local now = tonumber(ARGV[1])
local untilMs = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if state == 'closed' then return {'send', 0, tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')} end
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
  redis.call('HSET', KEYS[1], 'state', 'open', 'until', tonumber(ARGV[2]) + tonumber(ARGV[3]))
  return 'opened'
end
return state`;

interface RedisWithBreaker extends Redis {
  circuitCheck(
    key: string,
    now: number,
    probeTurnMs: number,
    recheckMs: number,
  ): Promise<[string, number, number?]>;
  circuitSuccess(key: string): Promise<string>;
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
  /** Returns true when this failure opened the circuit. */
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
  if (!("circuitCheck" in redis)) {
    redis.defineCommand("circuitCheck", { numberOfKeys: 1, lua: CHECK });
    redis.defineCommand("circuitSuccess", { numberOfKeys: 1, lua: SUCCESS });
    redis.defineCommand("circuitFailure", { numberOfKeys: 1, lua: FAILURE });
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
    recordFailure: async (channel, threshold, cooldownMs) =>
      (await client.circuitFailure(key(channel), threshold, Date.now(), cooldownMs)) === "opened",
  };
}
