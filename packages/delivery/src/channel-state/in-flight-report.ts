import type { Redis } from "ioredis";
import { inFlightKey } from "./channel-keys";

/**
 * Writes this replica's in-flight count per channel to Redis every
 * `intervalMs` for the Channels page; `stop()` removes its fields. Counts
 * of a replica that died go stale after 15 s and are ignored.
 */
export function startInFlightReport(
  redis: Redis,
  prefix: string,
  replica: string,
  counts: () => ReadonlyMap<string, number>,
  intervalMs = 2000,
  onError: (error: unknown) => void = () => undefined,
) {
  const key = inFlightKey(prefix);
  const write = async () => {
    const now = Date.now();
    const fields: string[] = [];
    for (const [channel, count] of counts())
      fields.push(`${replica}|${channel}`, `${count}|${now}`);
    if (fields.length > 0) await redis.hset(key, ...fields);
  };
  const timer = setInterval(() => void write().catch(onError), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      const fields = [...counts().keys()].map((channel) => `${replica}|${channel}`);
      if (fields.length > 0) await redis.hdel(key, ...fields).catch(onError);
    },
  };
}
