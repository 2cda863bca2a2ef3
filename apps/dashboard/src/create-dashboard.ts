import express, { type Express } from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { createRegistry, metricsHandler, type Logger } from "@hookline/observability";
import { registerQueueDepthGauge } from "@hookline/queue";
import { auditRouter } from "./audit/audit-router";
import { createAuditLog } from "./audit/audit-log";
import { boardAssets } from "./board/board-assets";
import { boardGuard } from "./board/board-guard";
import { channelsRouter } from "./channels/channels-router";
import { createBoards } from "./board/create-boards";
import { deadLetterRouter } from "./dead-letters/dead-letter-router";
import { dashboardErrorHandler } from "./http/dashboard-error";
import { loopbackHostOnly } from "./http/loopback-host";
import { BOARD_BASE } from "./http/navigation";
import { sameOrigin } from "./http/same-origin";
import { overviewRouter } from "./overview/overview-router";
import { pullRequestRouter } from "./pull-requests/pull-request-router";
import { replayRouter } from "./replay/replay-router";
import { authenticate, userOf } from "./users/authenticate";
import { createLoginThrottle } from "./users/login-throttle";

export interface DashboardDeps {
  config: Config;
  queues: readonly Queue[];
  /** For the login throttle (shared by every replica) and channel state on the Overview. */
  redis: Redis;
  /** For the audit log, the pull request pages and the sweeps on the Overview. */
  prisma: PrismaClient;
  logger: Logger;
}

/**
 * The dashboard: the Overview at /, dead letters, pull requests, the audit
 * log, POST /api/replay and Bull Board under /queues, behind named users
 * with roles (viewer, operator, admin), one navigation on every page. Every
 * mutating route refuses cross-site requests; every retry, replay and clean
 * is recorded in the audit log (intent before, outcome after). Local-only
 * without users: every request must name a loopback Host (DNS rebinding),
 * else 403 NOT_LOOPBACK_HOST. Serves every asset itself (no third-party request).
 */
export function createDashboard({ config, queues, redis, prisma, logger }: DashboardDeps): Express {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const audit = createAuditLog(prisma, logger);
  const timeZone = config.dashboard.time_zone;
  const prefix = config.redis.prefix;
  const boards = createBoards(queues, timeZone, prisma);

  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy the client is in X-Forwarded-For, for those the setting trusts.
  app.set("trust proxy", config.dashboard.trust_proxy);
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
      throttle: createLoginThrottle(redis, prefix, { limit: config.dashboard.login_attempts }),
      logger,
    }),
  );
  app.use(sameOrigin(config.dashboard.public_origin));
  app.use(boardAssets());
  app.use(overviewRouter({ queues: byName, redis, prefix, prisma, timeZone }));
  app.use(pullRequestRouter({ queues: byName, redis, prefix, prisma, timeZone }));
  app.use(replayRouter(byName, audit, timeZone));
  app.use(deadLetterRouter(byName, audit, timeZone));
  app.use(auditRouter(audit, timeZone));
  app.use(channelsRouter({ config, redis, deliveries: byName.get("deliveries")!, audit }));
  // Bull Board's pages and API under /queues; bookmarks of its old place still arrive.
  app.get(/^\/queue\//, (req, res) => res.redirect(301, `${BOARD_BASE}${req.originalUrl}`));
  app.use(BOARD_BASE, boardGuard(byName, audit, logger));
  app.use(BOARD_BASE, (req, res, next) => boards[userOf(res).role](req, res, next));
  app.use(dashboardErrorHandler(logger));
  return app;
}
