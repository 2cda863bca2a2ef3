import { Redis } from "ioredis";
import { findBinary } from "./find-binary";
import { freePort } from "./free-port";
import { startProcess, waitUntil, type ManagedProcess } from "./managed-process";

export interface RedisServer {
  url: string;
  port: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Redis's `appendfsync` policies. */
export type AppendFsync = "always" | "everysec" | "no";

export interface StartRedisOptions {
  dataDir: string;
  port?: number;
  /** AOF persistence: on for the local stack (as in production), off for throwaway test servers. */
  appendOnly?: boolean;
  /**
   * When the AOF is fsynced (with appendOnly). "always", the default: Redis
   * fsyncs before it answers a write, so the ingest's 202 survives an OS
   * crash; it group-commits the writes of one event-loop turn in one fsync.
   * "everysec" loses up to about a second of acknowledged writes to an OS
   * crash. https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/
   * The cost is measured by `npm run bench:ingest`; see docs/production.md.
   */
  appendFsync?: AppendFsync;
  searchPath?: string;
  /** Runs it as a Redis Cluster node whose cluster bus listens on this port. */
  clusterBusPort?: number;
  /**
   * Its own process group: a terminal's Ctrl-C then reaches only the caller,
   * which stops the server after the apps that use it (the local stack).
   */
  ownProcessGroup?: boolean;
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined); // refused while starting: the poll retries
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } finally {
    client.disconnect();
  }
}

export async function startRedis(options: StartRedisOptions): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    options.dataDir,
    "--save",
    "",
    "--appendonly",
    options.appendOnly ? "yes" : "no",
    "--appendfsync",
    options.appendFsync ?? "always",
    // BullMQ requires that Redis never evicts its keys.
    "--maxmemory-policy",
    "noeviction",
    "--daemonize",
    "no",
    ...(options.clusterBusPort === undefined
      ? []
      : [
          "--cluster-enabled",
          "yes",
          "--cluster-port",
          String(options.clusterBusPort),
          "--cluster-config-file",
          `nodes-${port}.conf`,
          "--cluster-node-timeout",
          "5000",
        ]),
  ];
  const server = startProcess(findBinary("redis-server", options.searchPath ?? ""), args, {
    detached: options.ownProcessGroup ?? false,
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil(server, "redis-server", () => answersPing(url));
  return { url, port, process: server, stop: () => server.stop() };
}
