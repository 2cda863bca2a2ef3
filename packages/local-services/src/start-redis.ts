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

export interface StartRedisOptions {
  dataDir: string;
  port?: number;
  /** AOF persistence: on for the local stack (as in production), off for throwaway test servers. */
  appendOnly?: boolean;
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
