import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createPrismaClient } from "@hookline/db";
import { createQueue, QUEUE_NAMES } from "@hookline/queue";
import { createWorkerReadiness } from "../src/health/worker-readiness";
import {
  createTestDatabase,
  spawnApp,
  startOwnRedis,
  testPrefix,
  waitFor,
  type OwnRedis,
  type SpawnedApp,
  type TestDatabase,
} from "@hookline/test-utils";

// The worker process itself, with a Redis of this file's own that can be made
// to refuse writes (as a full Redis with noeviction does) or be stopped.
describe("worker /health/ready", () => {
  let redis: OwnRedis;
  let database: TestDatabase;
  let worker: SpawnedApp;
  let admin: Redis;
  let readyUrl: string;

  beforeAll(async () => {
    redis = await startOwnRedis("worker-ready");
    database = await createTestDatabase();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    admin.on("error", () => undefined);
    const configPath = join(mkdtempSync(join(tmpdir(), "hookline-ready-")), "config.yaml");
    writeFileSync(configPath, `redis:\n  prefix: "${testPrefix()}"\nworker:\n  concurrency: 2\n`);
    worker = spawnApp("apps/worker/src/main.ts", {
      CONFIG_PATH: configPath,
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      WORKER_METRICS_PORT: "0",
    });
    const running = await worker.waitForLog((line) => line.message === "worker running");
    readyUrl = `http://127.0.0.1:${String(running.metrics_port)}/health/ready`;
  }, 60_000);

  afterAll(async () => {
    worker.child.kill("SIGTERM");
    await worker.exited;
    admin.disconnect();
    await redis.close();
    await database.drop();
  });

  async function ready() {
    const response = await fetch(readyUrl);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("is ready while Redis takes queue commands and PostgreSQL answers", async () => {
    // The first answer may come before the process's first database connection.
    await waitFor(async () => (await ready()).status === 200, { timeoutMs: 20_000 });
    expect(await ready()).toMatchObject({
      status: 200,
      body: { healthy: true, redis: true, database: true },
    });
  });

  it("is not ready while Redis refuses writes, and ready again after", async () => {
    await admin.connect();
    await admin.config("SET", "maxmemory-policy", "noeviction");
    await admin.config("SET", "maxmemory", "1");
    try {
      const report = await waitFor(async () => {
        const answer = await ready();
        return answer.status === 503 ? answer : undefined;
      });
      expect(report.body).toMatchObject({ healthy: false, redis: false, database: true });
    } finally {
      await admin.config("SET", "maxmemory", "0");
    }
    await waitFor(async () => (await ready()).status === 200);
  });

  it("is not ready while Redis is down, and ready again after", async () => {
    admin.disconnect();
    await redis.stop();
    try {
      const report = await waitFor(async () => {
        const answer = await ready();
        return answer.status === 503 ? answer : undefined;
      });
      expect(report.body).toMatchObject({ healthy: false, redis: false });
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await ready()).status === 200, { timeoutMs: 20_000 });
  }, 40_000);

  it("is not ready while PostgreSQL cannot be reached", async () => {
    const producer = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    // Nothing listens on port 9 (discard) here: every connection is refused.
    const prisma = createPrismaClient("postgresql://hookline@127.0.0.1:9/none", {
      maxConnections: 1,
    });
    const queue = createQueue(QUEUE_NAMES.githubEvents, {
      connection: producer,
      prefix: testPrefix(),
    });
    try {
      const ready = createWorkerReadiness({
        queues: [queue],
        prisma,
        isRunning: () => true,
        lastProcessed: () => null,
      });
      expect(await ready()).toMatchObject({ healthy: false, database: false });
    } finally {
      await queue.close();
      producer.disconnect();
      await prisma.$disconnect();
    }
  });
});
