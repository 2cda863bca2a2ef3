import { loadConfig } from "@hookline/config";
import { createDatabase } from "@hookline/db";
import { closeHttpServer, installGracefulShutdown, listen, runMain } from "@hookline/lifecycle";
import { createLogger, createMetricsServer, createRegistry } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  QUEUE_NAMES,
  redisReady,
  registerQueueDepthGauge,
} from "@hookline/queue";
import { createEventWorker } from "./create-event-worker";
import { createWorkerReadiness } from "./health/worker-readiness";
import { createSystemEvents } from "./system-events";
import { createWorkerMetrics } from "./worker-metrics";

runMain(async () => {
  const config = loadConfig({ env: process.env, role: "worker" });
  const logger = createLogger({ service: "worker", level: config.log_level });
  const registry = createRegistry("worker");
  const database = createDatabase(config.database.url, {
    maxConnections: config.worker.concurrency + 2,
  });
  const { prisma, pool } = database;
  const producer = createRedisConnection(config.redis, "producer", "hookline-worker-producer");
  const consumer = createRedisConnection(config.redis, "worker", "hookline-worker");
  for (const connection of [producer, consumer])
    connection.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(producer, 30_000);

  const notificationQueue = createQueue(QUEUE_NAMES.notifications, {
    connection: producer,
    prefix: config.redis.prefix,
  });
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, {
    connection: producer,
    prefix: config.redis.prefix,
  });
  registerQueueDepthGauge(registry, [incomingQueue, notificationQueue]);
  const systemEvents = createSystemEvents(notificationQueue, {
    concurrency: config.worker.concurrency,
  });
  let lastProcessedAt: Date | null = null;
  const worker = createEventWorker({
    config,
    connection: consumer,
    prisma,
    pool,
    notificationQueue,
    metrics: createWorkerMetrics(registry),
    logger,
    onProcessed: (at) => (lastProcessedAt = at),
  });
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
  });
  const port = await listen(metricsServer, config.worker.metrics_port, config.worker.metrics_host);
  void worker.run();
  await systemEvents
    .started()
    .catch((error) => logger.warn("could not emit system.worker.started", { error }));
  logger.info("worker running", { concurrency: config.worker.concurrency, metrics_port: port });

  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: [
      // close() stops fetching and waits for the jobs in hand to finish.
      { name: "worker", close: () => worker.close() },
      { name: "system.worker.stopped", close: () => systemEvents.stopped().catch(() => undefined) },
      { name: "metrics server", close: () => closeHttpServer(metricsServer) },
      {
        name: "queues",
        close: () => Promise.all([notificationQueue.close(), incomingQueue.close()]),
      },
      { name: "database", close: () => database.close() },
      { name: "redis", close: () => Promise.all([producer.quit(), consumer.quit()]) },
    ],
  });
});
