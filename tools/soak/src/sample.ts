import type { Redis } from "ioredis";
import type { Client } from "pg";

/** The tables the soak watches: per delivery (bounded by retention) and per pull request. */
export const TABLES = [
  "webhook_deliveries",
  "pull_request_events",
  "delivery_attempts",
  "pull_requests",
] as const;

export interface Sample {
  seconds: number;
  rows: Record<(typeof TABLES)[number], number>;
  /** Bytes of those tables with their indexes (dead rows included until vacuumed). */
  tableBytes: number;
  redisBytes: number;
  redisKeys: number;
}

export async function takeSample(pg: Client, redis: Redis, seconds: number): Promise<Sample> {
  const rows = {} as Sample["rows"];
  let tableBytes = 0;
  for (const table of TABLES) {
    const result = await pg.query<{ count: string; bytes: string }>(
      `SELECT (SELECT count(*) FROM ${table}) AS count, pg_total_relation_size('${table}') AS bytes`,
    );
    rows[table] = Number(result.rows[0]!.count);
    tableBytes += Number(result.rows[0]!.bytes);
  }
  const info = await redis.info("memory");
  const redisBytes = Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
  const redisKeys = await redis.dbsize();
  return { seconds, rows, tableBytes, redisBytes, redisKeys };
}
