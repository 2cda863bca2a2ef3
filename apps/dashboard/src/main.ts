import { createServer } from "node:http";
import { loadConfig } from "@hookline/config";
import { createPrismaClient } from "@hookline/db";
import { closeHttpServer, installGracefulShutdown, listen, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { ALL_QUEUE_NAMES, createQueue, createRedisConnection, redisReady } from "@hookline/queue";
import { createDashboard } from "./create-dashboard";

runMain(async () => {
  // Refuses to start without named users unless dashboard.local_only is set.
  const config = loadConfig({ env: process.env, role: "dashboard" });
  const logger = createLogger({ service: "dashboard", level: config.log_level });
  const redis = createRedisConnection(config.redis.url, "producer", "hookline-dashboard");
  redis.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(redis, 30_000);
  const prisma = createPrismaClient(config.database.url, { maxConnections: 4 });
  const queues = ALL_QUEUE_NAMES.map((name) =>
    createQueue(name, { connection: redis, prefix: config.redis.prefix }),
  );
  const server = createServer(createDashboard({ config, queues, redis, prisma, logger }));
  const hasUsers = Object.keys(config.dashboard.users).length > 0;
  const host = hasUsers ? config.dashboard.host : "127.0.0.1";
  const port = await listen(server, config.dashboard.port, host);
  logger.info("dashboard listening", {
    host,
    port,
    users: Object.keys(config.dashboard.users).length,
  });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: [
      { name: "http server", close: () => closeHttpServer(server) },
      { name: "queues", close: () => Promise.all(queues.map((queue) => queue.close())) },
      { name: "prisma", close: () => prisma.$disconnect() },
      { name: "redis", close: () => redis.quit() },
    ],
  });
});
