import type { RequestListener } from "node:http";
import express from "express";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { Config } from "@hookline/config";
import { createWebhookMetrics, metricsHandler, type Logger } from "@hookline/observability";
import {
  registerQueueDepthGauge,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import { AppError } from "./errors/app-error";
import { errorResponder } from "./errors/error-responder";
import { webhookFastPath } from "./http/webhook-fast-path";
import { publishEventRouter } from "./events/publish-event";
import { createDedupeStore } from "./gate/dedupe-store";
import { createDeliveryDedupe } from "./gate/delivery-dedupe";
import { createRateLimiter } from "./gate/rate-limiter";
import { createRefusalLimit } from "./gate/refusal-limit";
import { healthRouter } from "./health/health-router";
import { createIngestState } from "./ingest-state";
import { acceptWebhook } from "./webhooks/accept-webhook";
import { customSources, githubSource } from "./webhooks/webhook-source";
import { clientNetworkKey } from "@hookline/client-network";

export interface IngestDeps {
  config: Config;
  logger: Logger;
  registry: Registry;
  /** Producer connection (fail-fast) the queues also use. */
  redis: Redis;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  activeConnections?: () => Promise<number>;
}

/**
 * What the ingest's HTTP server runs: GitHub's webhook route taken before
 * Express's router (see webhook-fast-path.ts), everything else through the
 * Express app.
 */
export function createIngest(deps: IngestDeps): RequestListener {
  const { config } = deps;
  const state = createIngestState();
  const prefix = config.redis.prefix;
  const rateLimiter = createRateLimiter(deps.redis, prefix);
  const refusalLimit = createRefusalLimit(rateLimiter, deps.logger);
  const accept = acceptWebhook({
    queue: deps.incomingQueue,
    rateLimiter,
    refusalLimit,
    dedupe: createDeliveryDedupe(deps.redis, prefix, config.incoming.dedupe_ttl),
    maxBodyBytes: config.incoming.max_body_bytes,
    state,
    logger: deps.logger,
    metrics: createWebhookMetrics(deps.registry),
  });
  const github = githubSource(config);
  const sources = customSources(config);
  const queues = [deps.incomingQueue, deps.notificationQueue];
  registerQueueDepthGauge(deps.registry, queues);

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("trust proxy", config.ingest.trust_proxy);

  app.post("/webhooks/github", (req, res) => accept(req, res, github, req.ip ?? ""));
  app.post("/webhooks/:source", async (req, res) => {
    const source = sources.get(req.params.source);
    if (source) return accept(req, res, source, req.ip ?? "");
    const unknown = new AppError(
      "UNKNOWN_SOURCE",
      `no webhook source named ${req.params.source} is configured`,
    );
    // Probing for source names counts like any other refused request.
    const bucket = `unknown:${clientNetworkKey(req.ip ?? "")}`;
    throw await refusalLimit(unknown, bucket, config.incoming.rate_limit);
  });
  app.use(
    publishEventRouter({
      queue: deps.notificationQueue,
      tokens: config.incoming.events_api.tokens,
      dedupe: createDedupeStore(deps.redis, `${prefix}:events`, config.incoming.dedupe_ttl),
      refusalLimit,
      rateLimit: config.incoming.rate_limit,
      logger: deps.logger,
    }),
  );
  app.use(
    healthRouter({
      redis: deps.redis,
      queues,
      state,
      activeConnections: deps.activeConnections ?? (async () => 0),
    }),
  );
  app.get("/metrics", metricsHandler(deps.registry));
  app.use((req, _res, next) =>
    next(new AppError("NOT_FOUND", `no route for ${req.method} ${req.path}`)),
  );
  app.use(errorResponder(deps.logger));
  return webhookFastPath({
    path: "/webhooks/github",
    handle: (req, res, clientIp) => accept(req, res, github, clientIp),
    // Express compiles `trust proxy` into this function; the fast path uses the same one.
    trustProxy: app.get("trust proxy fn"),
    logger: deps.logger,
    fallback: app,
  });
}
