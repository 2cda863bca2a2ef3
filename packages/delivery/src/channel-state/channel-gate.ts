import type { Redis } from "ioredis";
import { channelKeys } from "./channel-keys";
import { CHECK, FAILURE, PARK, QUIET, SUCCESS } from "./channel-scripts";

interface RedisWithGate extends Redis {
  channelCheck(
    state: string,
    reserved: string,
    parked: string,
    now: number,
    probeTurnMs: number,
    rate: number,
    jobId: string,
    expiresAt: number,
  ): Promise<[string, number, string]>;
  channelSuccess(state: string, parked: string, now: number): Promise<[string, string[]]>;
  channelFailure(
    state: string,
    threshold: number,
    now: number,
    cooldownMs: number,
    maxCooldownMs: number,
    disableAfterMs: number,
    reason: string,
  ): Promise<string>;
  channelQuiet(state: string, untilMs: number, lower: string, minFactor: number): Promise<number>;
  channelPark(parked: string, jobId: string, untilMs: number, now: number): Promise<number>;
}

export type GateDecision =
  | { action: "send" | "probe"; failures: number; rateFactor: number }
  | { action: "wait"; until: number; why: string };

export interface CheckRequest {
  channel: string;
  jobId: string;
  /** How long one probe may take before another caller may probe instead (ms). */
  probeTurnMs: number;
  /** Messages per second for the channel, 0 for no limit. */
  rateLimit: number;
  /** Epoch ms past which the message is dead (its max_age): no wait is longer. */
  expiresAt: number;
}

export interface FailureFacts {
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
  /** 0: never disable. */
  disableAfterMs: number;
  /** One line for the Channels page (last failure). */
  reason: string;
}

/** What a failure did to the channel. */
export type FailureOutcome = "opened" | "reopened" | "disabled" | "other";

export interface ChannelGate {
  /**
   * May this job go out now? "wait" parks it (the caller moves it to the
   * delayed set until `until`): disabled channel, Retry-After, open or
   * probing circuit, rate limit. "probe": this caller is the one probe.
   */
  check(request: CheckRequest): Promise<GateDecision>;
  /** Closes the circuit; resolves with parked job ids to wake when it was open or probing. */
  recordSuccess(channel: string): Promise<{ reopened: boolean; wake: string[] }>;
  recordFailure(channel: string, facts: FailureFacts): Promise<FailureOutcome>;
  /**
   * Notes a permanent failure (a 4xx, a refused address) as the channel's
   * last failure, for the Channels page, without counting it toward the
   * circuit or disable_after: those measure whether the receiver is up.
   * `reason` is cut to 300 characters, as recordFailure's.
   */
  notePermanentFailure(channel: string, reason: string): Promise<void>;
  /**
   * A receiver asked (Retry-After) for no request before `untilMs`: every
   * replica's check waits until then. `lowerRate` (a 429) halves the rate, to
   * no less than `minFactor`. Resolves with the quiet end in force.
   */
  quiet(channel: string, untilMs: number, lowerRate: boolean, minFactor: number): Promise<number>;
  /** Notes a job the caller moves to the delayed set itself (backoff, no free slot). */
  park(channel: string, jobId: string, untilMs: number): Promise<void>;
}

/**
 * One channel's shared state in Redis, as the delivery worker uses it: the
 * circuit breaker (consecutive failures open it; after the cool-down one
 * probe goes; a failed probe doubles the cool-down), the Retry-After quiet
 * time, the rate limit (GCRA, lowered on 429), and automatic disabling.
 */
export function createChannelGate(redis: Redis, prefix: string): ChannelGate {
  if (!("channelCheck" in redis)) {
    redis.defineCommand("channelCheck", { numberOfKeys: 3, lua: CHECK });
    redis.defineCommand("channelSuccess", { numberOfKeys: 2, lua: SUCCESS });
    redis.defineCommand("channelFailure", { numberOfKeys: 1, lua: FAILURE });
    redis.defineCommand("channelQuiet", { numberOfKeys: 1, lua: QUIET });
    redis.defineCommand("channelPark", { numberOfKeys: 1, lua: PARK });
  }
  const client = redis as RedisWithGate;
  return {
    async check(request) {
      const keys = channelKeys(prefix, request.channel);
      const [action, value, extra] = await client.channelCheck(
        keys.state,
        keys.reserved,
        keys.parked,
        Date.now(),
        request.probeTurnMs,
        request.rateLimit,
        request.jobId,
        request.expiresAt,
      );
      if (action === "wait") return { action, until: Number(value), why: String(extra) };
      return {
        action: action === "probe" ? "probe" : "send",
        failures: Number(value),
        rateFactor: Number(extra),
      };
    },
    async recordSuccess(channel) {
      const keys = channelKeys(prefix, channel);
      const [previous, wake] = await client.channelSuccess(keys.state, keys.parked, Date.now());
      return { reopened: previous !== "closed", wake };
    },
    async recordFailure(channel, facts) {
      const outcome = await client.channelFailure(
        channelKeys(prefix, channel).state,
        facts.threshold,
        Date.now(),
        facts.cooldownMs,
        facts.maxCooldownMs,
        facts.disableAfterMs,
        facts.reason.slice(0, 300),
      );
      return outcome === "opened" || outcome === "reopened" || outcome === "disabled"
        ? outcome
        : "other";
    },
    async notePermanentFailure(channel, reason) {
      await client.hset(channelKeys(prefix, channel).state, {
        last_failure_at: Date.now(),
        last_failure: reason.slice(0, 300),
      });
    },
    quiet: async (channel, untilMs, lowerRate, minFactor) =>
      Number(
        await client.channelQuiet(
          channelKeys(prefix, channel).state,
          untilMs,
          lowerRate ? "1" : "0",
          minFactor,
        ),
      ),
    async park(channel, jobId, untilMs) {
      await client.channelPark(channelKeys(prefix, channel).parked, jobId, untilMs, Date.now());
    },
  };
}
