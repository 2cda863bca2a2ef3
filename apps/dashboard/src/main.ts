import { createServer } from "node:http";
import { loadConfig } from "@hookline/config";
import { closeHttpServer, installGracefulShutdown, listen, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { ALL_QUEUE_NAMES, createQueue, createRedisConnection, redisReady } from "@hookline/queue";
import { createDashboard } from "./create-dashboard";

runMain(async () => {
  // Refuses to start without credentials unless dashboard.local_only is set.
  const config = loadConfig({ env: process.env, role: "dashboard" });
  const logger = createLogger({ service: "dashboard", level: config.log_level });
  const redis = createRedisConnection(config.redis, "producer", "hookline-dashboard");
  redis.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(redis, 30_000);
  const queues = ALL_QUEUE_NAMES.map((name) =>
    createQueue(name, { connection: redis, prefix: config.redis.prefix }),
  );
  const server = createServer(createDashboard({ config, queues }));
  const hasCredentials =
    config.dashboard.username !== undefined && config.dashboard.password !== undefined;
  const host = hasCredentials ? config.dashboard.host : "127.0.0.1";
  const port = await listen(server, config.dashboard.port, host);
  logger.info("dashboard listening", { host, port, authenticated: hasCredentials });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: [
      { name: "http server", close: () => closeHttpServer(server) },
      { name: "queues", close: () => Promise.all(queues.map((queue) => queue.close())) },
      { name: "redis", close: () => redis.quit() },
    ],
  });
});
