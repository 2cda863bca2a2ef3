import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { loadConfig, type Config } from "@hookline/config";
import { createPrismaClient, type PrismaClient } from "@hookline/db";
import { createNotifier, createNotifierMetrics, type Notifier } from "@hookline/notifier";
import { createLogger, createRegistry } from "@hookline/observability";
import type { Registry } from "prom-client";
import {
  createQueue,
  createRedisConnection,
  publishNotifications,
  QUEUE_NAMES,
  redisReady,
  type DeliveryJob,
  type NotificationDraft,
  type NotificationJob,
} from "@hookline/queue";
import { createTestDatabase, type TestDatabase } from "../test-database";
import { testPrefix, testRedisUrl } from "../test-redis";

/** A Standard Webhooks secret ("whsec_" + base64) for test channels. */
export const CHANNEL_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

export interface NotifierHarness {
  config: Config;
  database: TestDatabase;
  prisma: PrismaClient;
  notificationQueue: Queue<NotificationJob>;
  deliveryQueue: Queue<DeliveryJob>;
  redis: Redis;
  /** Starts (another) notifier on the same queues: a replica, or a restart after stop(). */
  start(): Notifier;
  /** Stops the running notifiers, as SIGTERM would. */
  stop(): Promise<void>;
  publish(draft: Partial<NotificationDraft> & { event_type: string }): Promise<string>;
  /** Prometheus text of every running notifier, concatenated. */
  metrics(): Promise<string>;
  /** Writes the running notifiers' buffered attempt logs, so tests can read delivery_attempts. */
  flushAttempts(): Promise<void>;
  close(): Promise<void>;
}

/** Real notifier workers on the run's Redis and a database of their own; `yaml` configures the channels. */
export async function createNotifierHarness(
  yaml: string,
  env: Record<string, string> = {},
): Promise<NotifierHarness> {
  const database = await createTestDatabase();
  const config = loadConfig({
    role: "notifier",
    env: { REDIS_URL: testRedisUrl(), DATABASE_URL: database.url, ...env },
    yaml: `outgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n${yaml}`,
  });
  config.redis.prefix = testPrefix();
  const logger = createLogger({
    service: "notifier-test",
    level: "error",
    stream: new PassThrough().resume(),
  });
  const prisma = createPrismaClient(database.url, { maxConnections: 4 });
  const redis = createRedisConnection(config.redis.url, "producer");
  await redisReady(redis);
  const context = { connection: redis, prefix: config.redis.prefix };
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);
  const deliveryQueue = createQueue(QUEUE_NAMES.deliveries, context);
  const running: Array<{ notifier: Notifier; consumers: Redis[]; registry: Registry }> = [];
  const stop = async () => {
    for (const { notifier, consumers } of running.splice(0)) {
      // BullMQ's Worker.close() never resolves while its connection is still
      // reconnecting (taskforcesh/bullmq#4656): after a test restarts Redis,
      // let the workers reconnect first.
      await Promise.all(
        consumers.map((connection) => redisReady(connection, 15_000).catch(() => undefined)),
      );
      await notifier.close();
      for (const connection of consumers) connection.disconnect();
    }
  };
  return {
    config,
    database,
    prisma,
    notificationQueue,
    deliveryQueue,
    redis,
    start() {
      const consumers: [Redis, Redis] = [
        createRedisConnection(config.redis.url, "worker"),
        createRedisConnection(config.redis.url, "worker"),
      ];
      // Tests that stop Redis expect reconnect errors; BullMQ would print each one.
      for (const connection of consumers) connection.on("error", () => undefined);
      const registry = createRegistry("notifier");
      const metrics = createNotifierMetrics(registry);
      const notifier = createNotifier({
        config,
        prisma,
        producer: redis,
        consumers,
        notificationQueue,
        deliveryQueue,
        metrics,
        logger,
      });
      notifier.run();
      running.push({ notifier, consumers, registry });
      return notifier;
    },
    stop,
    async metrics() {
      return (await Promise.all(running.map(({ registry }) => registry.metrics()))).join("\n");
    },
    async flushAttempts() {
      await Promise.all(running.map(({ notifier }) => notifier.attempts.flush()));
    },
    async publish(draft) {
      const id = draft.id ?? `test-${randomUUID()}`;
      await publishNotifications(
        notificationQueue,
        [{ id, priority: "medium", data: {}, ...draft }],
        "test",
      );
      return id;
    },
    async close() {
      await stop();
      await Promise.all([notificationQueue.close(), deliveryQueue.close()]);
      redis.disconnect();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
