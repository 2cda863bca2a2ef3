import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { applyMigrations, MIGRATIONS_DIR } from "@hookline/db";
import { startPostgres, startRedis } from "@hookline/local-services";

export interface BenchServices {
  workDir: string;
  redisUrl: string;
  postgresUrl: string;
  /** A new, migrated database on the bench's PostgreSQL (dropped first if it exists). */
  freshDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A durable redis-server (AOF) and PostgreSQL of the benchmark's own, as in production. */
export async function startBenchServices(tag: string): Promise<BenchServices> {
  const workDir = mkdtempSync(join(tmpdir(), `hookline-bench-${tag}-`));
  const redis = await startRedis({ dataDir: workDir, appendOnly: true });
  const postgres = await startPostgres({ dataDir: join(workDir, "pg") });
  return {
    workDir,
    redisUrl: redis.url,
    postgresUrl: postgres.url,
    async freshDatabase(name) {
      const client = new Client({ connectionString: postgres.url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      const url = postgres.url.replace(/\/postgres$/, `/${name}`);
      await applyMigrations(url, MIGRATIONS_DIR, { info: () => undefined, warn: () => undefined });
      return url;
    },
    async stop() {
      await redis.stop();
      await postgres.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
