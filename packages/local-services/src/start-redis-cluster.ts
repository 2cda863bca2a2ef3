import { execFile } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { findBinary } from "./find-binary";
import { freePort } from "./free-port";
import { startRedis, type RedisServer } from "./start-redis";

const run = promisify(execFile);

export interface RedisCluster {
  /** Every master as host:port, in start order. */
  nodes: string[];
  /** The master serving `key`'s slot (for a hash-tagged key, its tag's slot). */
  ownerOf(key: string): Promise<string>;
  stop(): Promise<void>;
}

export interface StartRedisClusterOptions {
  dataDir: string;
  /** Masters, no replicas; 3 is the smallest cluster redis-cli creates. */
  masters?: number;
  searchPath?: string;
}

async function clusterOk(port: number): Promise<boolean> {
  const client = new Redis(port, "127.0.0.1", { lazyConnect: true, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    const info = (await client.call("CLUSTER", "INFO")) as string;
    return info.includes("cluster_state:ok");
  } finally {
    client.disconnect();
  }
}

/**
 * A throwaway Redis Cluster on 127.0.0.1: `masters` redis-server processes
 * on free ports (their cluster bus on free ports too), joined with
 * `redis-cli --cluster create --cluster-replicas 0 --cluster-yes`, resolved
 * once every node reports cluster_state:ok. For the tests that prove the
 * apps work against a cluster; the local stack uses one Redis.
 */
export async function startRedisCluster(options: StartRedisClusterOptions): Promise<RedisCluster> {
  const servers: RedisServer[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    for (let i = 0; i < (options.masters ?? 3); i += 1) {
      const dataDir = join(options.dataDir, `node-${i}`);
      mkdirSync(dataDir, { recursive: true });
      servers.push(
        await startRedis({
          dataDir,
          clusterBusPort: await freePort(),
          searchPath: options.searchPath,
        }),
      );
    }
    const nodes = servers.map((server) => `127.0.0.1:${server.port}`);
    const cli = findBinary("redis-cli", options.searchPath ?? "");
    await run(cli, ["--cluster", "create", ...nodes, "--cluster-replicas", "0", "--cluster-yes"], {
      timeout: 30_000,
    });
    const deadline = Date.now() + 30_000;
    for (const server of servers) {
      while (!(await clusterOk(server.port).catch(() => false))) {
        if (Date.now() > deadline) throw new Error("Redis Cluster did not reach cluster_state:ok");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return {
      nodes,
      async ownerOf(key) {
        const client = new Redis(servers[0]!.port, "127.0.0.1");
        try {
          const slot = (await client.call("CLUSTER", "KEYSLOT", key)) as number;
          const ranges = (await client.call("CLUSTER", "SLOTS")) as [
            number,
            number,
            [string, number],
          ][];
          const owner = ranges.find(([from, to]) => slot >= from && slot <= to)!;
          return `127.0.0.1:${owner[2][1]}`;
        } finally {
          client.disconnect();
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
