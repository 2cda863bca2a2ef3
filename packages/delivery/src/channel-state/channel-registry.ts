import type { Redis } from "ioredis";
import { channelRegistryKey } from "./channel-keys";

/** A channel as the notifier runs it, for the Channels page (no secret, no header, no path). */
export interface RegisteredChannel {
  name: string;
  /** The receiver's host (and port): its path and query may carry tokens. */
  host: string;
  /** false: `enabled: false` in the notifier's configuration. */
  configured: boolean;
  /** Messages per second, or null for none. */
  rateLimit: number | null;
}

/**
 * Written by each notifier at start: the dashboard reads channels from here,
 * not from configuration, because it does not read the `outgoing` section
 * (a missing channel secret must not keep on-call out).
 */
export async function registerChannels(
  redis: Redis,
  prefix: string,
  channels: readonly RegisteredChannel[],
): Promise<void> {
  const key = channelRegistryKey(prefix);
  const multi = redis.multi().del(key);
  if (channels.length > 0)
    multi.hset(key, ...channels.flatMap((channel) => [channel.name, JSON.stringify(channel)]));
  await multi.exec();
}

/** The channels the notifier registered, by name. */
export async function registeredChannels(
  redis: Redis,
  prefix: string,
): Promise<RegisteredChannel[]> {
  const entries = await redis.hgetall(channelRegistryKey(prefix));
  return Object.values(entries)
    .map((value) => JSON.parse(value) as RegisteredChannel)
    .sort((a, b) => a.name.localeCompare(b.name));
}
