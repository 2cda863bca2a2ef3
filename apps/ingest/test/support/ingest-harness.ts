import { createHmac, randomUUID } from "node:crypto";
import request from "supertest";
import type { RequestListener } from "node:http";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { PassThrough } from "node:stream";
import { createIngest } from "@hookline/ingest";
import { loadConfig, type Config } from "@hookline/config";
import { createLogger, createRegistry } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  redisReady,
  QUEUE_NAMES,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import { testPrefix, testRedisUrl } from "../test-redis";

export const SECRET = "It's a Secret to Everybody";

export interface IngestHarness {
  app: RequestListener;
  config: Config;
  redis: Redis;
  incomingQueue: Queue<IncomingEventJob>;
  notificationQueue: Queue<NotificationJob>;
  /** Everything the app logged, one parsed JSON object per line. */
  logLines(): Record<string, unknown>[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  yaml?: string;
  env?: Record<string, string>;
  redisUrl?: string;
  prefix?: string;
}

/** The real ingest app on the run's real Redis, under a queue prefix of its own. */
export async function createIngestHarness(options: HarnessOptions = {}): Promise<IngestHarness> {
  const config = loadConfig({
    role: "ingest",
    env: {
      GITHUB_WEBHOOK_SECRET: SECRET,
      REDIS_URL: options.redisUrl ?? testRedisUrl(),
      ...options.env,
    },
    yaml: options.yaml ?? "",
  });
  config.redis.prefix = options.prefix ?? testPrefix();
  const stream = new PassThrough();
  let logged = "";
  stream.on("data", (chunk: Buffer) => (logged += chunk.toString()));
  const logger = createLogger({ service: "ingest-test", level: "debug", stream });
  const redis = createRedisConnection(config.redis.url, "producer");
  redis.on("error", () => undefined);
  await redisReady(redis);
  const context = { connection: redis, prefix: config.redis.prefix };
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);
  // The listener the ingest process serves: the webhook fast path, then Express.
  const app = createIngest({
    config,
    logger,
    registry: createRegistry("ingest"),
    redis,
    incomingQueue,
    notificationQueue,
  });
  return {
    app,
    config,
    redis,
    incomingQueue,
    notificationQueue,
    logLines: () =>
      logged
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async close() {
      await Promise.all([incomingQueue.close(), notificationQueue.close()]);
      redis.disconnect();
    },
  };
}

export function signGithub(body: string | Buffer, secret = SECRET): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** POST /webhooks/github with GitHub's headers, a fresh delivery id and a valid signature; `headers` override. */
export function postGithub(
  app: RequestListener,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  return request(app)
    .post("/webhooks/github")
    .set({
      "Content-Type": "application/json",
      "X-GitHub-Event": "pull_request",
      "X-GitHub-Delivery": randomUUID(),
      "X-Hub-Signature-256": signGithub(body),
      ...headers,
    })
    .send(body);
}
