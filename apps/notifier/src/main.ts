import { loadConfig } from "@hookline/config";
import { createPrismaClient } from "@hookline/db";
import { closeHttpServer, installGracefulShutdown, listen, runMain } from "@hookline/lifecycle";
import { createLogger, createMetricsServer, createRegistry } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  probeQueues,
  QUEUE_NAMES,
  redisReady,
  registerQueueDepthGauge,
} from "@hookline/queue";
import { createNotifier } from "./create-notifier";
import { createSystemMonitor } from "./monitor/system-monitor";
import { createNotifierMetrics } from "./notifier-metrics";

const MONITOR_INTERVAL_MS = 5000;

runMain(async () => {
  const config = loadConfig({ env: process.env, role: "notifier" });
  const logger = createLogger({ service: "notifier", level: config.log_level });
  const registry = createRegistry("notifier");
  const prisma = createPrismaClient(config.database.url, { maxConnections: 4 });
  const producer = createRedisConnection(config.redis, "producer", "hookline-notifier");
  const consumers: [
    ReturnType<typeof createRedisConnection>,
    ReturnType<typeof createRedisConnection>,
  ] = [
    createRedisConnection(config.redis, "worker", "hookline-notifier-fan-out"),
    createRedisConnection(config.redis, "worker", "hookline-notifier-delivery"),
  ];
  for (const connection of [producer, ...consumers])
    connection.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(producer, 30_000);

  const context = { connection: producer, prefix: config.redis.prefix };
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
  });
  const port = await listen(
    metricsServer,
    config.notifier.metrics_port,
    config.notifier.metrics_host,
  );
  notifier.run();
  monitor.start(MONITOR_INTERVAL_MS, (error) => logger.warn("monitor tick failed", { error }));
  logger.info("notifier running", {
    channels: Object.keys(config.outgoing.channels),
    metrics_port: port,
  });

  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: [
      // Workers first: in-flight deliveries finish, nothing new starts.
      { name: "workers", close: () => notifier.close() },
      { name: "monitor", close: () => monitor.stop() },
      { name: "metrics server", close: () => closeHttpServer(metricsServer) },
      { name: "queues", close: () => Promise.all(queues.map((queue) => queue.close())) },
      { name: "prisma", close: () => prisma.$disconnect() },
      {
        name: "redis",
        close: () => Promise.all([producer, ...consumers].map((connection) => connection.quit())),
      },
    ],
  });
});
