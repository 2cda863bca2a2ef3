import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { Queue, type Job, type Worker } from "bullmq";
import type { Redis } from "ioredis";
import { loadConfig, type Config } from "@hookline/config";
import { createPrismaClient, type PrismaClient } from "@hookline/db";
import { createLogger, createRegistry, type Logger } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  GITHUB_SOURCE,
  QUEUE_NAMES,
  redisReady,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import { createTestDatabase, testPrefix, testRedisUrl, type TestDatabase } from "../index";
import {
  createEventProcessor,
  createEventWorker,
  createWorkerMetrics,
  type EventOutcome,
} from "@hookline/worker";

export interface WorkerHarness {
  config: Config;
  database: TestDatabase;
  prisma: PrismaClient;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  logger: Logger;
  /** Applies one event directly through the processor (no queue), as a job's first attempt would. */
  apply(event: string, payload: object, deliveryId?: string): Promise<EventOutcome>;
  /** Starts a BullMQ worker on the queue. */
  startWorker(): Worker;
  close(): Promise<void>;
}

export function eventJob(
  event: string,
  payload: object,
  deliveryId: string = randomUUID(),
  source: string = GITHUB_SOURCE,
): IncomingEventJob {
  const action = (payload as { action?: unknown }).action;
  return {
    source,
    deliveryId,
    event,
    action: typeof action === "string" ? action : null,
    receivedAt: new Date().toISOString(),
    body: JSON.stringify(payload),
  };
}

export async function createWorkerHarness(
  options: { databaseUrl?: string; yaml?: string; prefix?: string } = {},
): Promise<WorkerHarness> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, name: "external", drop: async () => undefined }
    : await createTestDatabase();
  const config = loadConfig({
    role: "worker",
    env: { REDIS_URL: testRedisUrl(), DATABASE_URL: database.url },
    yaml: options.yaml ?? "",
  });
  config.redis.prefix = options.prefix ?? testPrefix();
  const logger = createLogger({
    service: "worker-test",
    level: "warn",
    stream: new PassThrough().resume(),
  });
  const prisma = createPrismaClient(database.url, {
    maxConnections: config.worker.concurrency + 2,
  });
  const producer = createRedisConnection(config.redis.url, "producer");
  await redisReady(producer);
  const context = { connection: producer, prefix: config.redis.prefix };
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);
  const deps = {
    prisma,
    notificationQueue,
    metrics: createWorkerMetrics(createRegistry("worker")),
    logger,
  };
  const processor = createEventProcessor(deps);
  const workers: Worker[] = [];
  const consumers: Redis[] = [];
  return {
    config,
    database,
    prisma,
    incomingQueue,
    notificationQueue,
    logger,
    apply: (event, payload, deliveryId) =>
      processor({
        data: eventJob(event, payload, deliveryId),
        attemptsMade: 0,
        opts: { attempts: 1 },
      } as Job<unknown>),
    startWorker() {
      const connection = createRedisConnection(config.redis.url, "worker");
      consumers.push(connection);
      const worker = createEventWorker({ ...deps, config, connection });
      workers.push(worker);
      void worker.run();
      return worker;
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([incomingQueue.close(), notificationQueue.close()]);
      for (const connection of [producer, ...consumers]) connection.disconnect();
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
