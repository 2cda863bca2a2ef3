import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedis, type RedisServer } from "@hookline/local-services";

/** A redis-server of one test file's own, so stopping it disturbs no other test. */
export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port, so clients reconnect on their own. */
  restart(): Promise<void>;
  /** Stops it (if running) and removes its data. */
  close(): Promise<void>;
}

export async function startOwnRedis(tag: string): Promise<OwnRedis> {
  const dataDir = mkdtempSync(join(tmpdir(), `hookline-${tag}-`));
  let server: RedisServer = await startRedis({ dataDir });
  return {
    url: server.url,
    stop: () => server.stop(),
    async restart() {
      server = await startRedis({ dataDir, port: server.port });
    },
    async close() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
