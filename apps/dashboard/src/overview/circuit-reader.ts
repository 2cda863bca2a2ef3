import type { Cluster, Redis } from "ioredis";

/** One channel's circuit as the notifier keeps it (apps/notifier/src/circuit/circuit-breaker.ts). */
export interface CircuitState {
  channel: string;
  /** closed | open | half_open (a probe is out). */
  state: string;
  /** Consecutive transient failures counted. */
  failures: number;
  /** Open: when the cool-down ends and one probe may go (ms since the epoch); undefined when closed. */
  until?: number;
  /** The receiver asked (Retry-After) for nothing before this (ms since the epoch), if still ahead. */
  quietUntil?: number;
}

const SCAN_COUNT = 200;
// Bounded: a channel is a configured name, there are a handful of them.
const MAX_CHANNELS = 1000;

async function scanKeys(redis: Redis | Cluster, match: string): Promise<string[]> {
  // In a cluster every key of the prefix shares one slot ({hash tag}), but
  // which master holds it is the cluster's business: ask each.
  const nodes =
    "nodes" in redis && typeof redis.nodes === "function"
      ? redis.nodes("master")
      : [redis as Redis];
  const keys = new Set<string>();
  for (const node of nodes) {
    let cursor = "0";
    do {
      const [next, found] = await node.scan(cursor, "MATCH", match, "COUNT", SCAN_COUNT);
      cursor = next;
      for (const key of found) keys.add(key);
    } while (cursor !== "0" && keys.size < MAX_CHANNELS);
  }
  return [...keys].sort();
}

function numberOf(value: string | undefined): number {
  const parsed = Number(value ?? "0");
  return Number.isFinite(parsed) ? parsed : 0;
}

/**
 * Reads every channel's circuit from the notifier's Redis hashes
 * `<prefix>:circuit:<channel>` (fields state, failures, until, quiet_until),
 * read-only. A channel that never failed has no hash and reads as closed.
 * Until the Channels page (apps/dashboard/src/channels) lands, this is the
 * dashboard's one reader of circuit state.
 */
export async function readCircuits(
  redis: Redis | Cluster,
  prefix: string,
  now = Date.now(),
): Promise<CircuitState[]> {
  const head = `${prefix}:circuit:`;
  // The prefix may hold glob characters ("{hookline}" does not, "[x]" would): escape them.
  const pattern = `${head.replace(/[*?[\]\\]/g, "\\$&")}*`;
  const keys = await scanKeys(redis, pattern);
  const states: CircuitState[] = [];
  for (const key of keys) {
    const fields = await redis.hgetall(key);
    const state = fields.state ?? "closed";
    const until = numberOf(fields.until);
    const quiet = numberOf(fields.quiet_until);
    states.push({
      channel: key.slice(head.length),
      state,
      failures: numberOf(fields.failures),
      ...(state !== "closed" && until > 0 ? { until } : {}),
      ...(quiet > now ? { quietUntil: quiet } : {}),
    });
  }
  return states;
}

/** True when deliveries to the channel are held back now (open, probing, or asked to wait). */
export function isHeld(circuit: CircuitState): boolean {
  return circuit.state !== "closed" || circuit.quietUntil !== undefined;
}
