import type { Server } from "node:http";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { describeSetting, type Config } from "@hookline/config";
import { createPrismaClient, type PrismaClient } from "@hookline/db";
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
  createQueue,
  createRedisConnection,
  probeQueues,
  QUEUE_NAMES,
  quitRedis,
  redisReady,
  registerQueueDepthGauge,
  type DeliveryJob,
  type NotificationJob,
} from "@hookline/queue";
import { createNotifier, type Notifier } from "./create-notifier";
import { createSystemMonitor } from "./monitor/system-monitor";
import { createNotifierMetrics } from "./notifier-metrics";

const MONITOR_INTERVAL_MS = 5000;

export interface StartNotifierDeps {
  logger: Logger;
  /** Defaults to a fresh registry labelled service="notifier". */
  registry?: Registry;
  /** false: compose and serve metrics, but run no workers and no monitor. Default true. */
  consume?: boolean;
  /** false: no system monitor (queue depth, Redis, database checks every 5 s). Default true. */
  monitor?: boolean;
}

export interface RunningNotifier {
  notifier: Notifier;
  registry: Registry;
  prisma: PrismaClient;
  /** Fail-fast connection for queue writes and breaker/batch state. */
  producer: Redis;
  /** The two blocking connections of the fan-out and delivery workers. */
  consumers: [Redis, Redis];
  notificationQueue: Queue<NotificationJob>;
  deliveryQueue: Queue<DeliveryJob>;
  metricsServer: Server;
  /** The metrics server's port (config.notifier.metrics_port 0 picks a free one). */
  port: number;
  /** In order: workers (in-flight deliveries finish), monitor, servers, queues, connections. */
  shutdownSteps: ShutdownStep[];
  /** Runs shutdownSteps. */
  close(): Promise<void>;
}

/**
 * The notifier's composition root: PostgreSQL pool (4 connections), a
 * producer and two consumer connections, the fan-out and delivery workers
 * with the batch flusher, the system monitor and the metrics/readiness
 * server. Rejects when Redis is not ready within 30 s or the metrics port is
 * taken.
 */
export async function startNotifier(
  config: Config,
  deps: StartNotifierDeps,
): Promise<RunningNotifier> {
  const { logger } = deps;
  const consume = deps.consume ?? true;
  const registry = deps.registry ?? createRegistry("notifier");
  const prisma = createPrismaClient(config.database.url, { maxConnections: 4 });
  const producer = createRedisConnection(config.redis, "producer", "hookline-notifier");
  const consumers: [Redis, Redis] = [
    createRedisConnection(config.redis, "worker", "hookline-notifier-fan-out"),
    createRedisConnection(config.redis, "worker", "hookline-notifier-delivery"),
  ];
  for (const connection of [producer, ...consumers])
    connection.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(producer, 30_000);

  const context = {
    connection: producer,
    prefix: config.redis.prefix,
    // A notification id is remembered as long as a delivery id: a re-published outbox queues nothing twice.
    dedupeTtlMs: config.incoming.dedupe_ttl,
  };
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);
  const deliveryQueue = createQueue(QUEUE_NAMES.deliveries, context);
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  const queues = [incomingQueue, notificationQueue, deliveryQueue];
  registerQueueDepthGauge(registry, queues);

  const notifier = createNotifier({
    config,
    prisma,
    producer,
    consumers,
    notificationQueue,
    deliveryQueue,
    metrics: createNotifierMetrics(registry),
    logger,
  });
  const drains = [notifier.fanOut, notifier.delivery].map((worker) =>
    createWorkerDrain(worker, logger),
  );
  registerScalingMetrics(registry, {
    queues: [notificationQueue, deliveryQueue],
    workers: [notifier.fanOut, notifier.delivery],
  });
  let draining = false;
  const monitor = createSystemMonitor({
    redis: producer,
    prisma,
    queues,
    maxDepth: config.queue_max_depth,
    prefix: config.redis.prefix,
    publish: notifier.publishSystemEvent,
    alertDirect: notifier.alertDirect,
  });
  const metricsServer = createMetricsServer({
    registry,
    ready: async () => {
      // A queue command, not PING: a Redis that pings but refuses the queues is not ready.
      const redisOk = (await probeQueues(queues)).ok;
      return { healthy: redisOk && notifier.delivery.isRunning(), redis: redisOk };
    },
    draining: () => draining,
  });
  const port = await listen(
    metricsServer,
    config.notifier.metrics_port,
    config.notifier.metrics_host,
    describeSetting("notifier.metrics_port"),
  );
  if (consume) {
    await notifier.run();
    if (deps.monitor ?? true)
      monitor.start(MONITOR_INTERVAL_MS, (error) => logger.warn("monitor tick failed", { error }));
    logger.info("notifier running", {
      channels: Object.keys(config.outgoing.channels),
      metrics_port: port,
    });
  }

  const shutdownSteps: ShutdownStep[] = [
    // Readiness fails first, then workers: nothing new starts, in-flight deliveries finish
    // within shutdown_timeout, and what is still running goes back to the queue.
    { name: "readiness", close: async () => void (draining = true) },
    {
      name: "workers",
      close: async () => {
        await notifier.batches.stop();
        await Promise.all(drains.map((drain) => drain.drain(config.shutdown_timeout)));
        await notifier.attempts.close();
      },
    },
    { name: "monitor", close: () => monitor.stop() },
    { name: "metrics server", close: () => closeHttpServer(metricsServer) },
    { name: "queues", close: () => Promise.all(queues.map((queue) => queue.close())) },
    { name: "prisma", close: () => prisma.$disconnect() },
    { name: "redis", close: () => quitRedis([producer, ...consumers]) },
  ];
  return {
    notifier,
    registry,
    prisma,
    producer,
    consumers,
    notificationQueue,
    deliveryQueue,
    metricsServer,
    port,
    shutdownSteps,
    close: () => runSteps(shutdownSteps),
  };
}
