import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import type { RedisConfig } from "@hookline/config";

/**
 * Producers (the ingest, schedulers) must fail fast so a request can answer
 * 503 instead of hanging while Redis is away; workers wait and reconnect, as
 * BullMQ requires (maxRetriesPerRequest: null).
 */
export type ConnectionPurpose = "producer" | "worker";

/** Where to connect: the `redis` section of the configuration, or a plain URL (tests, tools). */
export type RedisTarget = Pick<RedisConfig, "url" | "cluster_nodes"> | string;

// Options of each node connection, for one Redis and inside a Cluster alike.
const NODE_OPTIONS: Record<ConnectionPurpose, RedisOptions> = {
  producer: {
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
    connectTimeout: 5000,
  },
  worker: { maxRetriesPerRequest: null },
};

const RECONNECT_DELAY: Record<ConnectionPurpose, (times: number) => number> = {
  producer: (times) => Math.min(100 * times, 2000),
  worker: (times) => Math.min(200 * times, 5000),
};

// No auto-pipelining: ioredis already writes a command without waiting for
// earlier replies, and each auto-pipeline is a new Pipeline whose
// constructor copies every script defined on the connection (BullMQ defines
// dozens). Under bench:ingest's load, the ingest without it did 1.23x the
// requests/s of the same code with it, side by side.
const ENABLE_AUTO_PIPELINING = false;

/** Credentials and TLS from a redis:// or rediss:// URL, applied to every cluster node. */
function urlOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === "rediss:" ? {} : undefined,
  };
}

function seedNode(node: string): { host: string; port: number } {
  const colon = node.lastIndexOf(":");
  return { host: node.slice(0, colon), port: Number(node.slice(colon + 1)) };
}

function createCluster(
  url: string,
  nodes: readonly string[],
  purpose: ConnectionPurpose,
  name: string | undefined,
): Cluster {
  const options: ClusterOptions = {
    enableAutoPipelining: ENABLE_AUTO_PIPELINING,
    // A producer refuses commands while the cluster is (re)discovering its
    // slots, as it does while one Redis is away: the caller answers 503.
    enableOfflineQueue: purpose === "worker",
    clusterRetryStrategy: RECONNECT_DELAY[purpose],
    redisOptions: { ...urlOptions(url), ...NODE_OPTIONS[purpose], connectionName: name },
  };
  return new Cluster(nodes.map(seedNode), options);
}

/**
 * One Redis connection for BullMQ and hookline's own keys. With
 * `cluster_nodes` configured it is an ioredis `Cluster` that follows MOVED
 * and ASK redirections, failovers and resharding. The type stays `Redis`
 * so every consumer is written once: `Cluster` has the same command methods,
 * `defineCommand`, `duplicate`, events and `status`, and BullMQ detects a
 * cluster itself. Every key hookline writes starts with the hash-tagged
 * prefix, so all of them live in one slot, as BullMQ's Lua scripts require.
 */
export function createRedisConnection(
  target: RedisTarget,
  purpose: ConnectionPurpose,
  name?: string,
): Redis {
  const { url, cluster_nodes: nodes } =
    typeof target === "string" ? { url: target, cluster_nodes: [] } : target;
  if (nodes.length > 0) return createCluster(url, nodes, purpose, name) as unknown as Redis;
  return new Redis(url, {
    ...NODE_OPTIONS[purpose],
    enableAutoPipelining: ENABLE_AUTO_PIPELINING,
    enableOfflineQueue: purpose === "worker",
    retryStrategy: RECONNECT_DELAY[purpose],
    connectionName: name,
    lazyConnect: false,
  });
}

/** Resolves once the connection is ready; a fail-fast producer refuses commands before that. */
export function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once("ready", onReady);
  });
}

/** QUIT each connection; one that cannot take the command (Redis away) is disconnected instead. */
export async function quitRedis(connections: readonly Redis[]): Promise<void> {
  await Promise.all(
    connections.map((connection) =>
      connection.quit().then(
        () => undefined,
        () => connection.disconnect(),
      ),
    ),
  );
}
