import type { Server } from "node:http";
import type { Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import type { Registry } from "prom-client";
import { describeSetting, type Config } from "@hookline/config";
import { createDatabase, type PrismaClient } from "@hookline/db";
import { createGithubClient } from "@hookline/github-rest";
import {
  closeHttpServer,
  createWorkerDrain,
  listen,
  runSteps,
  type ShutdownStep,
} from "@hookline/lifecycle";
import {
  createMetricsServer,
  createRegistry,
  registerScalingMetrics,
  type Logger,
} from "@hookline/observability";
import {
  createLifecycleEvents,
  createQueue,
  createRedisConnection,
  quitRedis,
  QUEUE_NAMES,
  redisReady,
  registerQueueDepthGauge,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import { createEventWorker } from "./create-event-worker";
import { createWorkerReadiness } from "./health/worker-readiness";
import { createEventProcessor, type EventOutcome } from "./process-event";
import {
  createRequiredChecksReader,
  noRequiredChecks,
} from "./required-checks/read-required-checks";
import { createWorkerMetrics } from "./worker-metrics";

export interface StartWorkerDeps {
  logger: Logger;
  /** Defaults to a fresh registry labelled service="worker". */
  registry?: Registry;
  /**
   * false: compose everything and serve metrics, but take no jobs from the
   * queue and announce nothing (tests apply events through processEvent).
   * Default true.
   */
  consume?: boolean;
}

export interface RunningWorker {
  worker: Worker<IncomingEventJob, EventOutcome>;
  /** What the worker runs for each job: one database call, then the notifications. */
  processEvent(job: Job<unknown>): Promise<EventOutcome>;
  prisma: PrismaClient;
  producer: Redis;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  metricsServer: Server;
  /** The metrics server's port (config.worker.metrics_port 0 picks a free one). */
  port: number;
  /** In order: finish the jobs in hand, announce the stop, close servers, queues and connections. */
  shutdownSteps: ShutdownStep[];
  /** Runs shutdownSteps. */
  close(): Promise<void>;
}

/**
 * The worker's composition root: PostgreSQL pool (concurrency + 2
 * connections, shared by Prisma's adapter and the per-event statement), a producer and a blocking consumer connection, the
 * github-events worker, the metrics/readiness server, and
 * system.worker.started|stopped|error. Rejects when Redis is not ready within
 * 30 s or the metrics port is taken.
 */
export async function startWorker(config: Config, deps: StartWorkerDeps): Promise<RunningWorker> {
  const { logger } = deps;
  const consume = deps.consume ?? true;
  const registry = deps.registry ?? createRegistry("worker");
  const database = createDatabase(config.database.url, {
    maxConnections: config.worker.concurrency + 2,
  });
  const { prisma, pool } = database;
  const producer = createRedisConnection(config.redis, "producer", "hookline-worker-producer");
  const consumer = createRedisConnection(config.redis, "worker", "hookline-worker");
  for (const connection of [producer, consumer])
    connection.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(producer, 30_000);

  const context = {
    connection: producer,
    prefix: config.redis.prefix,
    // A notification id is remembered as long as a delivery id: a re-published outbox queues nothing twice.
    dedupeTtlMs: config.incoming.dedupe_ttl,
  };
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  registerQueueDepthGauge(registry, [incomingQueue, notificationQueue]);
  const systemEvents = createLifecycleEvents(notificationQueue, "worker", {
    concurrency: config.worker.concurrency,
  });
  let lastProcessedAt: Date | null = null;
  const processDeps = {
    readRequiredChecks: requiredChecksReader(config, pool, logger),
    prisma,
    pool,
    notificationQueue,
    metrics: createWorkerMetrics(registry),
    logger,
    onProcessed: (at: Date) => (lastProcessedAt = at),
  };
  const worker = createEventWorker({ ...processDeps, config, connection: consumer });
  const drain = createWorkerDrain(worker, logger);
  registerScalingMetrics(registry, { queues: [incomingQueue], workers: [worker] });
  let draining = false;
  worker.on("error", (error) => void systemEvents.error(error.message).catch(() => undefined));
  worker.on("failed", (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1))
      void systemEvents
        .error(`delivery ${job.id} dead-lettered: ${error.message}`)
        .catch(() => undefined);
  });

  const metricsServer = createMetricsServer({
    registry,
    ready: createWorkerReadiness({
      queues: [incomingQueue, notificationQueue],
      consumer,
      prisma,
      isRunning: () => worker.isRunning(),
      lastProcessed: () => lastProcessedAt,
    }),
    draining: () => draining,
  });
  const port = await listen(
    metricsServer,
    config.worker.metrics_port,
    config.worker.metrics_host,
    describeSetting("worker.metrics_port"),
  );
  if (consume) {
    void worker.run();
    await systemEvents
      .started()
      .catch((error) => logger.warn("could not emit system.worker.started", { error }));
    logger.info("worker running", { concurrency: config.worker.concurrency, metrics_port: port });
  }

  const shutdownSteps: ShutdownStep[] = [
    // Readiness fails first, so no load balancer or probe counts on this replica.
    { name: "readiness", close: async () => void (draining = true) },
    // Stops fetching; the jobs in hand finish within shutdown_timeout, the rest go back to the queue.
    { name: "worker", close: () => drain.drain(config.shutdown_timeout) },
    ...(consume
      ? [
          {
            name: "system.worker.stopped",
            close: () => systemEvents.stopped().catch(() => undefined),
          },
        ]
      : []),
    { name: "metrics server", close: () => closeHttpServer(metricsServer) },
    {
      name: "queues",
      close: () => Promise.all([notificationQueue.close(), incomingQueue.close()]),
    },
    { name: "database", close: () => database.close() },
    { name: "redis", close: () => quitRedis([producer, consumer]) },
  ];
  return {
    worker,
    processEvent: createEventProcessor(processDeps),
    prisma,
    producer,
    incomingQueue,
    notificationQueue,
    metricsServer,
    port,
    shutdownSteps,
    close: () => runSteps(shutdownSteps),
  };
}

/**
 * Required checks through the project's octokit client where GitHub API
 * access is configured (github.token, or a GitHub App installation) and
 * github.required_checks.enabled; otherwise none are read.
 */
function requiredChecksReader(config: Config, pool: Pool, logger: Logger) {
  const { github } = config;
  if (!github.required_checks.enabled) return noRequiredChecks;
  const auth = github.token
    ? ({ kind: "token", token: github.token } as const)
    : github.app?.installation_id !== undefined
      ? ({
          kind: "app",
          appId: github.app.app_id,
          privateKey: github.app.private_key,
          installationId: github.app.installation_id,
        } as const)
      : undefined;
  if (!auth) return noRequiredChecks;
  const client = createGithubClient({
    baseUrl: github.api_url,
    auth,
    writeIntervalMs: github.sweep.write_interval,
    retryBaseMs: github.sweep.retry_base,
    // A job waits at most this for GitHub's rate limit, then applies without.
    maxRateLimitWaitMs: 10_000,
    warn: (message) => logger.warn("octokit", { message }),
  });
  return createRequiredChecksReader({
    client,
    pool,
    maxAgeMs: github.required_checks.max_age,
    logger,
  });
}
