import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "./generated/prisma/client";

export interface PrismaClientOptions {
  /** Pool size; size it to the worker's concurrency plus headroom. */
  maxConnections?: number;
}

/** Prisma and the node-postgres pool its adapter runs on, closed together. */
export interface Database {
  prisma: PrismaClient;
  /**
   * The adapter's own pool, for a hot statement whose result needs none of
   * Prisma's mapping (the worker's one call per event): the same connections,
   * without the client's per-query cost.
   */
  pool: Pool;
  close(): Promise<void>;
}

/** Prisma 7 without a native engine: queries go through node-postgres via the pg adapter. */
export function createDatabase(url: string, options: PrismaClientOptions = {}): Database {
  const pool = new Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // Idle connections cut by the server (restarts, outages) must not crash the process.
  pool.on("error", () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Prisma alone (its pool closes with $disconnect). */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
