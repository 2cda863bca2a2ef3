import express, { type Express } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { createRegistry, metricsHandler, type Logger } from "@hookline/observability";
import { registerQueueDepthGauge } from "@hookline/queue";
import { auditRouter } from "./audit/audit-router";
import { createAuditLog } from "./audit/audit-log";
import { boardGuard } from "./board/board-guard";
import { channelsRouter } from "./channels/channels-router";
import { createBoards } from "./board/create-boards";
import { deadLetterRouter } from "./dead-letters/dead-letter-router";
import { dashboardErrorHandler } from "./http/dashboard-error";
import { loopbackHostOnly } from "./http/loopback-host";
import { sameOrigin } from "./http/same-origin";
import { replayRouter } from "./replay/replay-router";
import { authenticate, userOf } from "./users/authenticate";
import { createLoginThrottle } from "./users/login-throttle";

export interface DashboardDeps {
  config: Config;
  queues: readonly Queue[];
  /** For the login throttle, shared by every replica. */
  redis: Redis;
  /** For the audit log. */
  prisma: PrismaClient;
  logger: Logger;
}

/**
 * Bull Board over every queue, the dead-letter view, the audit log and
 * POST /api/replay, behind named users with roles (viewer, operator, admin).
 * Every mutating route refuses cross-site requests; every retry, replay and
 * clean is recorded in the audit log. Local-only without users: every request
 * must name a loopback Host (DNS rebinding), else 403 NOT_LOOPBACK_HOST.
 */
export function createDashboard({ config, queues, redis, prisma, logger }: DashboardDeps): Express {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const audit = createAuditLog(prisma, logger);
  const timeZone = config.dashboard.time_zone;
  const boards = createBoards(queues, timeZone);

  const app = express();
  app.disable("x-powered-by");
  const localOnly = config.dashboard.local_only && Object.keys(config.dashboard.users).length === 0;
  // Without users everyone who reaches it is an operator: only this machine may, by name too.
  if (localOnly) app.use(loopbackHostOnly());
  const registry = createRegistry("dashboard");
  registerQueueDepthGauge(registry, queues);
  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Like /health, open to the scraper: it says nothing a queue-depth graph does not.
  app.get("/metrics", metricsHandler(registry));
  app.use(
    authenticate({
      config: config.dashboard,
      throttle: createLoginThrottle(redis, config.redis.prefix, config.dashboard.login_attempts),
      logger,
    }),
  );
  app.use(sameOrigin());
  app.use(replayRouter(byName, audit));
  app.use(deadLetterRouter(byName, audit, timeZone));
  app.use(auditRouter(audit, timeZone));
  app.use(channelsRouter({ config, redis, deliveries: byName.get("deliveries")!, audit }));
  app.use(boardGuard(byName, audit));
  app.use((req, res, next) => boards[userOf(res).role](req, res, next));
  app.use(dashboardErrorHandler(logger));
  return app;
}
