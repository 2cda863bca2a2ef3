import { createServer, type RequestListener, type Server } from "node:http";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { type Config, describeSetting } from "@hookline/config";
import { createPrismaClient, type PrismaClient } from "@hookline/db";
import { closeHttpServer, listen, runSteps, type ShutdownStep } from "@hookline/lifecycle";
import type { Logger } from "@hookline/observability";
import {
  ALL_QUEUE_NAMES,
  createQueue,
  createRedisConnection,
  quitRedis,
  redisReady,
} from "@hookline/queue";
import { createDashboard } from "./create-dashboard";

export interface StartDashboardDeps {
  logger: Logger;
}

export interface RunningDashboard {
  server: Server;
  /** The port the server listens on (config.dashboard.port 0 picks a free one). */
  port: number;
  /** What the server serves: Bull Board, /api/replay, /health, /metrics. */
  listener: RequestListener;
  redis: Redis;
  /** The audit log's and the dead-letter view's database client. */
  prisma: PrismaClient;
  /** Every queue, in ALL_QUEUE_NAMES order. */
  queues: Queue[];
  /** In order: stop taking requests, close the queues and the database, quit Redis. */
  shutdownSteps: ShutdownStep[];
  /** Runs shutdownSteps. */
  close(): Promise<void>;
}

/**
 * The dashboard's composition root: one Redis connection (waits up to 30 s),
 * a small PostgreSQL pool (audit log, delivery attempts), every queue, and
 * the server on config.dashboard.host:port — or on 127.0.0.1 when no users
 * are configured (loadConfig refuses that unless dashboard.local_only is set).
 */
export async function startDashboard(
  config: Config,
  deps: StartDashboardDeps,
): Promise<RunningDashboard> {
  const { logger } = deps;
  const redis = createRedisConnection(config.redis, "producer", "hookline-dashboard");
  redis.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(redis, 30_000);
  const queues = ALL_QUEUE_NAMES.map((name) =>
    createQueue(name, { connection: redis, prefix: config.redis.prefix }),
  );
  const prisma = createPrismaClient(config.database.url, { maxConnections: 4 });
  const listener = createDashboard({ config, queues, redis, prisma, logger });
  const server = createServer(listener);
  const users = Object.keys(config.dashboard.users).length;
  const host = users > 0 ? config.dashboard.host : "127.0.0.1";
  const port = await listen(server, config.dashboard.port, host, describeSetting("dashboard.port"));
  logger.info("dashboard listening", { host, port, users });

  const shutdownSteps: ShutdownStep[] = [
    { name: "http server", close: () => closeHttpServer(server) },
    { name: "queues", close: () => Promise.all(queues.map((queue) => queue.close())) },
    { name: "prisma", close: () => prisma.$disconnect() },
    { name: "redis", close: () => quitRedis([redis]) },
  ];
  return {
    server,
    port,
    listener,
    redis,
    prisma,
    queues,
    shutdownSteps,
    close: () => runSteps(shutdownSteps),
  };
}
