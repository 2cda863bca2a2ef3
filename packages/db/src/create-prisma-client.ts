import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export interface PrismaClientOptions {
  /** Pool size; size it to the worker's concurrency plus headroom. */
  maxConnections?: number;
}

/** Prisma 7 without a native engine: queries go through node-postgres via the pg adapter. */
export function createPrismaClient(url: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
