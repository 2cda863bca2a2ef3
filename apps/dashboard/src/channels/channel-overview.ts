import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import {
  readChannelState,
  registeredChannels,
  type ChannelStateSnapshot,
  type RegisteredChannel,
} from "@hookline/delivery";

// Failed deliveries are counted by reading the failed set; past this many
// the page says "N+" rather than read an unbounded set on every view.
export const FAILED_SCAN = 5000;
const PAGE = 500;

export interface ChannelOverview extends ChannelStateSnapshot {
  host: string;
  /** false: `enabled: false` in the notifier's configuration (not something an operator changes here). */
  configured: boolean;
  /** Dead letters of this channel in the failed set of `deliveries` (at most FAILED_SCAN counted). */
  failed: number;
  failedCapped: boolean;
  /** Messages per second as configured, and as in force (lowered by 429 answers); null: no limit. */
  rateLimit: number | null;
  effectiveRate: number | null;
}

async function failedByChannel(deliveries: Queue) {
  const counts = new Map<string, number>();
  for (let start = 0; start < FAILED_SCAN; start += PAGE) {
    const jobs = await deliveries.getFailed(start, start + PAGE - 1);
    for (const job of jobs) {
      const channel = (job?.data as { channel?: unknown } | undefined)?.channel;
      if (typeof channel === "string") counts.set(channel, (counts.get(channel) ?? 0) + 1);
    }
    if (jobs.length < PAGE) return { counts, capped: false };
  }
  return { counts, capped: true };
}

function overviewOf(
  channel: RegisteredChannel,
  state: ChannelStateSnapshot,
  failed: Awaited<ReturnType<typeof failedByChannel>>,
): ChannelOverview {
  return {
    ...state,
    host: channel.host,
    configured: channel.configured,
    failed: failed.counts.get(channel.name) ?? 0,
    failedCapped: failed.capped,
    rateLimit: channel.rateLimit,
    effectiveRate:
      channel.rateLimit === null
        ? null
        : Math.round(channel.rateLimit * state.rateFactor * 100) / 100,
  };
}

/**
 * The shared state (Redis) of every channel the notifier registered, by
 * name; no dead-letter count (that reads the failed set). For pages that
 * only say why a channel holds its deliveries back.
 */
export async function channelStates(
  redis: Redis,
  prefix: string,
): Promise<Map<string, ChannelStateSnapshot>> {
  const channels = await registeredChannels(redis, prefix);
  const states = await Promise.all(
    channels.map((channel) => readChannelState(redis, prefix, channel.name)),
  );
  return new Map(states.map((state) => [state.channel, state]));
}

/**
 * Every channel the notifier registered, with its shared state (Redis) and
 * its dead-letter count: the one reader of channel state for the Channels
 * page and the Overview.
 */
export async function channelOverview(
  redis: Redis,
  prefix: string,
  deliveries: Queue,
): Promise<ChannelOverview[]> {
  const channels = await registeredChannels(redis, prefix);
  const [failed, states] = await Promise.all([
    failedByChannel(deliveries),
    Promise.all(channels.map((channel) => readChannelState(redis, prefix, channel.name))),
  ]);
  return channels.map((channel, index) => overviewOf(channel, states[index]!, failed));
}
