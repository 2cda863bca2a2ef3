import type { Redis } from "ioredis";
import type { RetentionConfig } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import type { Logger } from "@hookline/observability";
import { tryLock } from "../support/run-lock";
import type { RetentionMetrics } from "./retention-metrics";

/** The kinds of stored rows with a retention window, as hookline_prune names them. */
export const RETENTION_KINDS = [
  "deliveries",
  "attempts",
  "redelivery_requests",
  "history",
  "audit",
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export interface RetentionDeps {
  prisma: PrismaClient;
  redis: Redis;
  prefix: string;
  settings: RetentionConfig;
  metrics: RetentionMetrics;
  logger: Logger;
  /** Pause between batches, so the hot path's writes interleave with the deletes (ms). */
  pauseMs?: number;
}

/** Per kind: rows removed by this run, and the oldest row kept (null: the table is empty). */
export type RetentionReport = Record<RetentionKind, { removed: number; oldest: Date | null }>;

// Renewed while the run holds it; only a dead replica's lock expires.
const LOCK_TTL_MS = 60_000;

/**
 * One retention run: for each kind, deletes rows older than its window in
 * batches of `batch_size` (hookline_prune: one short transaction each,
 * oldest first, skipping rows another transaction holds), then reads the
 * oldest row kept. Single-flight across replicas through a Redis lock;
 * resolves undefined when another replica is running it.
 */
export async function runRetention(deps: RetentionDeps): Promise<RetentionReport | undefined> {
  const release = await tryLock(deps.redis, `${deps.prefix}:retention-lock`, LOCK_TTL_MS);
  if (!release) {
    deps.logger.info("retention skipped: another replica is running it");
    return undefined;
  }
  try {
    const report = {} as RetentionReport;
    for (const kind of RETENTION_KINDS) {
      let removed = 0;
      for (;;) {
        const [row] = await deps.prisma.$queryRaw<Array<{ deleted: number }>>`
          SELECT hookline_prune(${kind}, ${deps.settings[kind]}::bigint, ${deps.settings.batch_size}::integer) AS deleted`;
        const deleted = Number(row?.deleted ?? 0);
        removed += deleted;
        deps.metrics.removed.inc({ kind }, deleted);
        if (deleted < deps.settings.batch_size) break;
        if (deps.pauseMs) await new Promise((resolve) => setTimeout(resolve, deps.pauseMs));
      }
      const [oldestRow] = await deps.prisma.$queryRaw<Array<{ oldest: Date | null }>>`
        SELECT hookline_retention_oldest(${kind}) AS oldest`;
      const oldest = oldestRow?.oldest ?? null;
      if (oldest) deps.metrics.oldest.set({ kind }, oldest.getTime() / 1000);
      else deps.metrics.oldest.remove({ kind });
      report[kind] = { removed, oldest };
    }
    deps.metrics.lastRun.set(Date.now() / 1000);
    deps.logger.info("retention run finished", {
      removed: Object.fromEntries(RETENTION_KINDS.map((kind) => [kind, report[kind].removed])),
    });
    return report;
  } finally {
    await release().catch(() => undefined);
  }
}
