import { Job, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import { channelKeys, inFlightKey } from "./channel-keys";
import { CONTROL } from "./channel-scripts";

/** An in-flight count older than this belongs to a replica that stopped reporting. */
export const IN_FLIGHT_STALE_MS = 15_000;

export const CHANNEL_ACTIONS = ["probe", "close", "enable", "disable"] as const;
export type ChannelAction = (typeof CHANNEL_ACTIONS)[number];

/** One channel as the Channels page shows it. Times are epoch ms, null when never. */
export interface ChannelStateSnapshot {
  channel: string;
  /** false when disabled, automatically or by an operator. */
  enabled: boolean;
  disabledBy: string | null;
  disabledAt: number | null;
  circuit: "closed" | "open" | "half_open";
  /** Consecutive transient failures counted since the last success. */
  failures: number;
  /** End of the cool-down (open) or of the probe's turn (half_open); null when closed. */
  circuitUntil: number | null;
  /** A receiver's Retry-After: no request before this time. */
  quietUntil: number | null;
  /** Deliveries being sent now, summed over the replicas that reported in the last 15 s. */
  inFlight: number;
  /** Deliveries waiting in the delayed set for this channel (circuit, Retry-After, backoff, rate). */
  delayed: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastFailure: string | null;
  /** 1 unless 429 answers lowered the channel's rate limit (then 0 < factor < 1). */
  rateFactor: number;
}

interface RedisWithControl extends Redis {
  channelControl(state: string, parked: string, action: string, now: number): Promise<string[]>;
}

const time = (value: string | undefined) => (value && Number(value) > 0 ? Number(value) : null);

/** Reads one channel's shared state (one round trip for the hash and set counts). */
export async function readChannelState(
  redis: Redis,
  prefix: string,
  channel: string,
  now = Date.now(),
): Promise<ChannelStateSnapshot> {
  const keys = channelKeys(prefix, channel);
  const [state, parked, reserved, inFlight] = (await redis
    .multi()
    .hgetall(keys.state)
    .zcount(keys.parked, now, "+inf")
    .zcount(keys.reserved, now, "+inf")
    .hgetall(inFlightKey(prefix))
    .exec())!.map(([error, value]) => {
    if (error) throw error;
    return value;
  }) as [Record<string, string>, number, number, Record<string, string>];
  let flying = 0;
  for (const [field, value] of Object.entries(inFlight)) {
    const [count, at] = value.split("|").map(Number);
    if (field.endsWith(`|${channel}`) && now - (at ?? 0) < IN_FLIGHT_STALE_MS) flying += count ?? 0;
  }
  const circuit = (state.state ?? "closed") as ChannelStateSnapshot["circuit"];
  const quietUntil = time(state.quiet_until);
  return {
    channel,
    enabled: state.disabled !== "1",
    disabledBy: state.disabled === "1" ? (state.disabled_by ?? null) : null,
    disabledAt: state.disabled === "1" ? time(state.disabled_at) : null,
    circuit,
    failures: Number(state.failures ?? 0) || 0,
    circuitUntil: circuit === "closed" ? null : time(state.until),
    quietUntil: quietUntil && quietUntil > now ? quietUntil : null,
    inFlight: flying,
    delayed: Number(parked) + Number(reserved),
    lastSuccessAt: time(state.last_success_at),
    lastFailureAt: time(state.last_failure_at),
    lastFailure: state.last_failure ?? null,
    rateFactor: state.rate_factor ? Number(state.rate_factor) : 1,
  };
}

/**
 * Moves parked delivery jobs out of the delayed set within `spreadMs`
 * (spread at random, so a reopened receiver is not hit by all at once).
 * Jobs no longer delayed (already woken, taken, gone) are skipped.
 */
export async function wakeParked(queue: Queue, ids: readonly string[], spreadMs = 1000) {
  await Promise.all(
    ids.map(async (id) => {
      const job = await Job.fromId(queue, id);
      if (!job) return;
      await job.changeDelay(Math.floor(Math.random() * spreadMs)).catch(() => undefined);
    }),
  );
}

/**
 * An operator's action on a channel (the dashboard audits it): `probe` lets
 * the next delivery probe at once, `close` closes the circuit, `enable`
 * re-enables a disabled channel (both wake its parked deliveries),
 * `disable` parks its deliveries until enabled. Resolves with how many
 * parked deliveries were woken.
 */
export async function controlChannel(
  redis: Redis,
  queue: Queue,
  prefix: string,
  channel: string,
  action: ChannelAction,
): Promise<number> {
  if (!("channelControl" in redis))
    redis.defineCommand("channelControl", { numberOfKeys: 2, lua: CONTROL });
  const keys = channelKeys(prefix, channel);
  const ids = await (redis as RedisWithControl).channelControl(
    keys.state,
    keys.parked,
    action,
    Date.now(),
  );
  await wakeParked(queue, ids);
  return ids.length;
}
