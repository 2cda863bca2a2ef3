import type { RequestListener, Server } from "node:http";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import { type Config, describeSetting } from "@hookline/config";
import { closeHttpServer, listen, runSteps, type ShutdownStep } from "@hookline/lifecycle";
import { createRegistry, type Logger } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  quitRedis,
  QUEUE_NAMES,
  redisReady,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import { createIngest } from "./create-ingest";
import { createIngestServer } from "./create-ingest-server";

export interface StartIngestDeps {
  logger: Logger;
  /** Defaults to a fresh registry labelled service="ingest". */
  registry?: Registry;
}

export interface RunningIngest {
  server: Server;
  /** The port the server listens on (config.ingest.port 0 picks a free one). */
  port: number;
  /** What the server serves: the webhook fast path, then Express. */
  listener: RequestListener;
  /** The fail-fast producer connection the queues use. */
  redis: Redis;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  /** In order: stop taking requests, close the queues, quit Redis. */
  shutdownSteps: ShutdownStep[];
  /** Runs shutdownSteps. */
  close(): Promise<void>;
}

/**
 * The ingest's composition root: connects to Redis (waits up to 30 s), opens
 * the queues and listens on config.ingest.host:port. Rejects when Redis is
 * not ready in time or the port is taken.
 */
export async function startIngest(config: Config, deps: StartIngestDeps): Promise<RunningIngest> {
  const { logger } = deps;
  const redis = createRedisConnection(config.redis, "producer", "hookline-ingest");
  redis.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(redis, 30_000);
  const context = {
    connection: redis,
    prefix: config.redis.prefix,
    // A notification id is remembered as long as a delivery id: a re-published outbox queues nothing twice.
    dedupeTtlMs: config.incoming.dedupe_ttl,
  };
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);

  const server = createIngestServer(config.ingest);
  const listener = createIngest({
    config,
    logger,
    registry: deps.registry ?? createRegistry("ingest"),
    redis,
    incomingQueue,
    notificationQueue,
    activeConnections: () =>
      new Promise((resolve) => server.getConnections((_error, count) => resolve(count ?? 0))),
  });
  server.on("request", listener);

  const port = await listen(
    server,
    config.ingest.port,
    config.ingest.host,
    describeSetting("ingest.port"),
  );
  logger.info("ingest listening", { port, host: config.ingest.host });

  const shutdownSteps: ShutdownStep[] = [
    { name: "http server", close: () => closeHttpServer(server) },
    {
      name: "queues",
      close: () => Promise.all([incomingQueue.close(), notificationQueue.close()]),
    },
    { name: "redis", close: () => quitRedis([redis]) },
  ];
  return {
    server,
    port,
    listener,
    redis,
    incomingQueue,
    notificationQueue,
    shutdownSteps,
    close: () => runSteps(shutdownSteps),
  };
}
