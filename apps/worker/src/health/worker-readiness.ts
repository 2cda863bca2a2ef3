import type { Redis } from "ioredis";
import type { PrismaClient } from "@hookline/db";
import type { HealthReport } from "@hookline/observability";

export interface WorkerReadinessDeps {
  /** The producer connection: the one that queues notifications. */
  redis: Redis;
  /** The worker's blocking connection, which fetches jobs. */
  consumer?: Redis;
  prisma: PrismaClient;
  /** Queue key prefix; the probe key lives under it (same Redis Cluster slot as the queues). */
  prefix: string;
  isRunning: () => boolean;
  lastProcessed: () => Date | null;
  /** Each probe's limit, ms; a dependency that hangs is not ready. Default 5000. */
  timeoutMs?: number;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const succeeds = (promise: Promise<unknown>, ms: number) =>
  within(promise, ms).then(
    () => true,
    () => false,
  );

/**
 * GET /health/ready for the worker: ready only while Redis takes queue
 * commands and PostgreSQL answers. PING alone is not enough: a Redis out of
 * memory under noeviction, or refusing writes after a failed save, still
 * answers PING but refuses every job move and every notification. So the
 * probe is a write (a short-lived key under the queue prefix). A small probe
 * of its own, until the queue package offers a shared one.
 */
export function createWorkerReadiness(deps: WorkerReadinessDeps): () => Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 5000;
  const probeKey = `${deps.prefix}:worker-ready-probe`;
  return async () => {
    const [redisOk, databaseOk] = await Promise.all([
      succeeds(deps.redis.set(probeKey, Date.now(), "PX", 10_000), timeoutMs),
      succeeds(deps.prisma.$queryRaw`SELECT 1`, timeoutMs),
    ]);
    const consumerOk = !deps.consumer || deps.consumer.status === "ready";
    return {
      healthy: redisOk && consumerOk && databaseOk && deps.isRunning(),
      redis: redisOk && consumerOk,
      database: databaseOk,
      last_processed: deps.lastProcessed(),
    };
  };
}
