import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedisCluster } from "@hookline/local-services";

/** A three-master Redis Cluster of one test file's own. */
export interface OwnRedisCluster {
  nodes: string[];
  /** The master serving `key`'s slot, as host:port. */
  ownerOf(key: string): Promise<string>;
  /** A master that does NOT serve `prefix`'s slot: clients seeded with it must follow redirections. */
  seedAvoiding(prefix: string): Promise<string>;
  /** Stops every node and removes their data. */
  close(): Promise<void>;
}

export async function startOwnRedisCluster(tag: string): Promise<OwnRedisCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), `hookline-${tag}-`));
  const cluster = await startRedisCluster({ dataDir });
  return {
    nodes: cluster.nodes,
    ownerOf: (key) => cluster.ownerOf(key),
    async seedAvoiding(prefix) {
      const owner = await cluster.ownerOf(prefix);
      return cluster.nodes.find((node) => node !== owner)!;
    },
    async close() {
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
