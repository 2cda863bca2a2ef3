import express, { type Router } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { IngestState } from "../ingest-state";

export interface HealthDeps {
  redis: Redis;
  queues: readonly Queue[];
  state: IngestState;
  activeConnections: () => Promise<number>;
}

const PING_TIMEOUT_MS = 1000;

async function redisReachable(redis: Redis): Promise<boolean> {
  const timeout = new Promise<false>((resolve) =>
    setTimeout(resolve, PING_TIMEOUT_MS, false).unref(),
  );
  return Promise.race([
    redis
      .ping()
      .then((reply) => reply === "PONG")
      .catch(() => false),
    timeout,
  ]);
}

/** GET /health (alive) and GET /health/webhooks (ready to accept: 503 when not). */
export function healthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/health/webhooks", async (_req, res) => {
    const redisOk = await redisReachable(deps.redis);
    const queueDepth: Record<string, Record<string, number>> = {};
    if (redisOk) {
      for (const queue of deps.queues) {
        queueDepth[queue.name] = await queue.getJobCounts(
          "waiting",
          "active",
          "delayed",
          "failed",
          "prioritized",
        );
      }
    }
    res.status(redisOk ? 200 : 503).json({
      status: redisOk ? "healthy" : "unhealthy",
      checks: { redis: redisOk ? "ok" : "unreachable" },
      queue_depth: queueDepth,
      last_processed: deps.state.lastAcceptedAt?.toISOString() ?? null,
      active_connections: await deps.activeConnections(),
    });
  });
  return router;
}
