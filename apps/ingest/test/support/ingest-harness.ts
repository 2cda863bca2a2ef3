import type { RequestListener } from "node:http";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { PassThrough } from "node:stream";
import { loadConfig, type Config } from "@hookline/config";
import { createLogger } from "@hookline/observability";
import type { IncomingEventJob, NotificationJob } from "@hookline/queue";
import { SECRET, testPrefix, testRedisUrl } from "@hookline/test-utils";
import { startIngest } from "../../src/start-ingest";

export interface IngestHarness {
  app: RequestListener;
  config: Config;
  redis: Redis;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  /** Everything the app logged since it started listening, one parsed JSON object per line. */
  logLines(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  yaml?: string;
  env?: Record<string, string>;
  redisUrl?: string;
  prefix?: string;
}

/** The real ingest (its composition root) on the run's real Redis, under a queue prefix of its own, on 127.0.0.1 and a free port. */
export async function createIngestHarness(options: HarnessOptions = {}): Promise<IngestHarness> {
  const config = loadConfig({
    role: "ingest",
    env: {
      GITHUB_WEBHOOK_SECRET: SECRET,
      REDIS_URL: options.redisUrl ?? testRedisUrl(),
      REDIS_PREFIX: options.prefix ?? testPrefix(),
      INGEST_HOST: "127.0.0.1",
      INGEST_PORT: "0",
      ...options.env,
    },
    yaml: options.yaml ?? "",
  });
  const stream = new PassThrough();
  let logged = "";
  stream.on("data", (chunk: Buffer) => (logged += chunk.toString()));
  const logger = createLogger({ service: "ingest-test", level: "debug", stream });
  const ingest = await startIngest(config, { logger });
  logged = ""; // from here on: what the app logs while serving
  return {
    app: ingest.listener,
    config,
    redis: ingest.redis,
    incomingQueue: ingest.incomingQueue,
    notificationQueue: ingest.notificationQueue,
    logLines: () =>
      logged
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    close: () => ingest.close(),
  };
}
