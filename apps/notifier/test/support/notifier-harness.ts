import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { loadConfig, type Config } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { createLogger } from "@hookline/observability";
import {
  publishNotifications,
  redisReady,
  type DeliveryJob,
  type NotificationDraft,
  type NotificationJob,
} from "@hookline/queue";
import {
  createTestDatabase,
  testPrefix,
  testRedisUrl,
  type TestDatabase,
} from "@hookline/test-utils";
import type { Notifier } from "../../src/create-notifier";
import { startNotifier, type RunningNotifier } from "../../src/start-notifier";

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
  start(): Promise<Notifier>;
  /** Stops the running notifiers, as SIGTERM would. */
  stop(): Promise<void>;
  publish(draft: Partial<NotificationDraft> & { event_type: string }): Promise<string>;
  /** Prometheus text of every running notifier, concatenated. */
  metrics(): Promise<string>;
  /** Writes the running notifiers' buffered attempt logs, so tests can read delivery_attempts. */
  flushAttempts(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The notifier's composition root on the run's Redis and a database of its
 * own; `yaml` configures the channels. The first instance runs no workers:
 * it holds the queues, the producer connection and the Prisma client the
 * tests use. Started notifiers run without the 5-second system monitor (the
 * monitor tests drive their own).
 */
export async function createNotifierHarness(
  yaml: string,
  env: Record<string, string> = {},
  /** A queue prefix shared with other harnesses (end-to-end tests); a fresh one by default. */
  prefix: string = testPrefix(),
): Promise<NotifierHarness> {
  const database = await createTestDatabase();
  const config = loadConfig({
    role: "notifier",
    env: {
      REDIS_URL: testRedisUrl(),
      DATABASE_URL: database.url,
      REDIS_PREFIX: prefix,
      NOTIFIER_METRICS_HOST: "127.0.0.1",
      NOTIFIER_METRICS_PORT: "0",
      ...env,
    },
    yaml: `outgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n${yaml}`,
  });
  const logger = createLogger({
    service: "notifier-test",
    level: "error",
    stream: new PassThrough().resume(),
  });
  const holder = await startNotifier(config, { logger, consume: false });
  const running: RunningNotifier[] = [];
  const stop = async () => {
    for (const instance of running.splice(0)) {
      // BullMQ's Worker.close() never resolves while its connection is still
      // reconnecting (taskforcesh/bullmq#4656): after a test restarts Redis,
      // let the workers reconnect first.
      await Promise.all(
        instance.consumers.map((connection) =>
          redisReady(connection, 15_000).catch(() => undefined),
        ),
      );
      await instance.close();
    }
  };
  return {
    config,
    database,
    prisma: holder.prisma,
    notificationQueue: holder.notificationQueue,
    deliveryQueue: holder.deliveryQueue,
    redis: holder.producer,
    async start() {
      const instance = await startNotifier(config, { logger, monitor: false });
      // Tests that stop Redis expect reconnect errors; BullMQ would print each one.
      for (const connection of instance.consumers) connection.on("error", () => undefined);
      running.push(instance);
      return instance.notifier;
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
        holder.notificationQueue,
        [{ id, priority: "medium", data: {}, ...draft }],
        "test",
      );
      return id;
    },
    async close() {
      await stop();
      await holder.close();
      await database.drop();
    },
  };
}
