import express, { type Router } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { probeQueues } from "@hookline/queue";
import type { IngestState } from "../ingest-state";

export interface HealthDeps {
  redis: Redis;
  queues: readonly Queue[];
  state: IngestState;
  activeConnections: () => Promise<number>;
}

const PROBE_TIMEOUT_MS = 1000;

async function ping(redis: Redis): Promise<boolean> {
  return redis.ping().then(
    (reply) => reply === "PONG",
    () => false,
  );
}

/**
 * GET /health (alive) and GET /health/webhooks (ready to accept). Ready
 * needs Redis to answer PING and every queue's own command (on the queues'
 * slot, in a cluster); any failure or timeout is 503, never 500.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = express.Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/health/webhooks", async (_req, res) => {
    const [pinged, probe, connections] = await Promise.all([
      Promise.race([
        ping(deps.redis),
        new Promise<false>((resolve) => setTimeout(resolve, PROBE_TIMEOUT_MS, false).unref()),
      ]),
      probeQueues(deps.queues, PROBE_TIMEOUT_MS),
      deps.activeConnections().catch(() => null),
    ]);
    const ok = pinged && probe.ok;
    res.status(ok ? 200 : 503).json({
      status: ok ? "healthy" : "unhealthy",
      checks: {
        redis: pinged ? "ok" : "unreachable",
        queues: probe.ok ? "ok" : `failing: ${probe.error}`,
      },
      queue_depth: probe.depth,
      last_processed: deps.state.lastAcceptedAt?.toISOString() ?? null,
      active_connections: connections,
    });
  });
  return router;
}
