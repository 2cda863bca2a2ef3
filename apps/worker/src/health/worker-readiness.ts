import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import type { HealthReport } from "@hookline/observability";
import { probeQueues } from "@hookline/queue";

export interface WorkerReadinessDeps {
  /** The queues the worker reads and writes; probed with a real queue command. */
  queues: readonly Queue[];
  /** The worker's blocking connection, which fetches jobs. */
  consumer?: Redis;
  prisma: PrismaClient;
  isRunning: () => boolean;
  lastProcessed: () => Date | null;
  /** Each probe's limit, ms; a dependency that hangs is not ready. Default 5000. */
  timeoutMs?: number;
}

/**
 * GET /health/ready for the worker: ready only while Redis runs queue
 * commands and PostgreSQL answers. PING alone is not enough: a Redis that
 * refuses scripts, writes or the queues' cluster slot still answers PING, so
 * the Redis side is the queue package's probe (BullMQ's own job-count script).
 */
export function createWorkerReadiness(deps: WorkerReadinessDeps): () => Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 5000;
  return async () => {
    const [queues, databaseOk] = await Promise.all([
      probeQueues(deps.queues, timeoutMs),
      databaseAnswers(deps.prisma, timeoutMs),
    ]);
    const consumerOk = !deps.consumer || deps.consumer.status === "ready";
    return {
      healthy: queues.ok && consumerOk && databaseOk && deps.isRunning(),
      redis: queues.ok && consumerOk,
      database: databaseOk,
      last_processed: deps.lastProcessed(),
    };
  };
}

function databaseAnswers(prisma: PrismaClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const query = prisma.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
  return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
}
