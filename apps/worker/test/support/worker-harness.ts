import { PassThrough } from "node:stream";
import { Job, type Queue, type Worker } from "bullmq";
import { loadConfig, type Config } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { createLogger, type Logger } from "@hookline/observability";
import type { IncomingEventJob, NotificationJob } from "@hookline/queue";
import {
  createTestDatabase,
  eventJob,
  testPrefix,
  testRedisUrl,
  type TestDatabase,
} from "@hookline/test-utils";
import type { EventOutcome } from "../../src/process-event";
import { startWorker, type RunningWorker } from "../../src/start-worker";

export interface WorkerHarness {
  config: Config;
  database: TestDatabase;
  prisma: PrismaClient;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  logger: Logger;
  /** Applies one event directly through the processor (no queue), as a job's first attempt would. */
  apply(event: string, payload: object, deliveryId?: string): Promise<EventOutcome>;
  /** Starts (another) worker process's composition root, consuming the queue. */
  startWorker(): Promise<Worker>;
  close(): Promise<void>;
}

/**
 * The worker's composition root on the run's Redis (a prefix of its own) and
 * a database of its own (or `databaseUrl`); metrics servers on 127.0.0.1 and
 * free ports. The first instance takes no jobs: `apply` runs its processor.
 */
export async function createWorkerHarness(
  options: {
    databaseUrl?: string;
    yaml?: string;
    prefix?: string;
    /** Extra environment, e.g. REDIS_CLUSTER_NODES. */
    env?: Record<string, string>;
    /** Where the workers' JSON log lines go (default: nowhere). */
    logStream?: NodeJS.WritableStream;
  } = {},
): Promise<WorkerHarness> {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, name: "external", drop: async () => undefined }
    : await createTestDatabase();
  const config = loadConfig({
    role: "worker",
    env: {
      REDIS_URL: testRedisUrl(),
      DATABASE_URL: database.url,
      REDIS_PREFIX: options.prefix ?? testPrefix(),
      WORKER_METRICS_HOST: "127.0.0.1",
      WORKER_METRICS_PORT: "0",
      ...options.env,
    },
    yaml: options.yaml ?? "",
  });
  const logger = createLogger({
    service: "worker-test",
    level: "warn",
    stream: options.logStream ?? new PassThrough().resume(),
  });
  const applier = await startWorker(config, { logger, consume: false });
  const running: RunningWorker[] = [applier];
  return {
    config,
    database,
    prisma: applier.prisma,
    incomingQueue: applier.incomingQueue,
    notificationQueue: applier.notificationQueue,
    logger,
    apply: (event, payload, deliveryId) => {
      const data = eventJob(event, payload, deliveryId);
      return applier.processEvent(
        new Job(applier.incomingQueue, data.source, data, { attempts: 1 }),
      );
    },
    async startWorker() {
      const started = await startWorker(config, { logger });
      running.push(started);
      return started.worker;
    },
    async close() {
      // Consumers first, the applier (whose queues the tests used) last.
      for (const instance of running.reverse()) await instance.close();
      await database.drop();
    },
  };
}
