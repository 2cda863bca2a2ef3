import { loadConfig } from "@hookline/config";
import { closeHttpServer, installGracefulShutdown, listen, runMain } from "@hookline/lifecycle";
import { createLogger, createRegistry } from "@hookline/observability";
import { createQueue, createRedisConnection, redisReady, QUEUE_NAMES } from "@hookline/queue";
import { createIngest } from "./create-ingest";
import { createIngestServer } from "./create-ingest-server";

runMain(async () => {
  const config = loadConfig({ env: process.env, role: "ingest" });
  const logger = createLogger({ service: "ingest", level: config.log_level });
  const redis = createRedisConnection(config.redis, "producer", "hookline-ingest");
  redis.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(redis, 30_000);
  const context = { connection: redis, prefix: config.redis.prefix };
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);

  const server = createIngestServer(config.ingest);
  const listener = createIngest({
    config,
    logger,
    registry: createRegistry("ingest"),
    redis,
    incomingQueue,
    notificationQueue,
    activeConnections: () =>
      new Promise((resolve) => server.getConnections((_error, count) => resolve(count ?? 0))),
  });
  server.on("request", listener);

  const port = await listen(server, config.ingest.port, config.ingest.host);
  logger.info("ingest listening", { port, host: config.ingest.host });

  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: [
      { name: "http server", close: () => closeHttpServer(server) },
      {
        name: "queues",
        close: () => Promise.all([incomingQueue.close(), notificationQueue.close()]),
      },
      { name: "redis", close: () => redis.quit() },
    ],
  });
});
