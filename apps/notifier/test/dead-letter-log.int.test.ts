import { PassThrough } from "node:stream";
import { loadConfig } from "@hookline/config";
import { createPrismaClient } from "@hookline/db";
import { createNotifier, createNotifierMetrics } from "@hookline/notifier";
import { createLogger, createRegistry } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  publishNotifications,
  QUEUE_NAMES,
  redisReady,
} from "@hookline/queue";
import {
  createTestDatabase,
  startReceiver,
  testPrefix,
  testRedisUrl,
  waitFor,
  waitForJob,
} from "@hookline/test-utils";

// The notifier wired as main.ts wires it, with a log stream the test reads.
describe("a 4xx dead letter", () => {
  it("is logged once, with channel, status and the receiver's answer, and counted", async () => {
    const receiver = await startReceiver(() => ({ status: 404, body: "no such hook\n" }));
    const database = await createTestDatabase();
    const config = loadConfig({
      role: "notifier",
      env: { REDIS_URL: testRedisUrl(), DATABASE_URL: database.url },
      yaml: `outgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  channels:\n    audit:\n      url: ${receiver.url}\n`,
    });
    const prefix = testPrefix();
    config.redis.prefix = prefix;
    const lines: Array<Record<string, unknown>> = [];
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) =>
      lines.push(
        ...chunk
          .toString("utf8")
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      ),
    );
    const logger = createLogger({ service: "notifier-test", level: "info", stream });
    const prisma = createPrismaClient(database.url, { maxConnections: 2 });
    const producer = createRedisConnection(config.redis.url, "producer");
    const consumers: [
      ReturnType<typeof createRedisConnection>,
      ReturnType<typeof createRedisConnection>,
    ] = [
      createRedisConnection(config.redis.url, "worker"),
      createRedisConnection(config.redis.url, "worker"),
    ];
    await redisReady(producer);
    const notificationQueue = createQueue(QUEUE_NAMES.notifications, {
      connection: producer,
      prefix,
    });
    const deliveryQueue = createQueue(QUEUE_NAMES.deliveries, { connection: producer, prefix });
    const registry = createRegistry("notifier");
    const notifier = createNotifier({
      config,
      prisma,
      producer,
      consumers,
      notificationQueue,
      deliveryQueue,
      metrics: createNotifierMetrics(registry),
      logger,
    });
    notifier.run();
    try {
      await publishNotifications(
        notificationQueue,
        [
          {
            id: "gone-1",
            event_type: "pr.closed",
            priority: "high",
            data: { repository: "acme/web", number: 9 },
          },
        ],
        "test",
      );
      await waitForJob(deliveryQueue, "gone-1.audit", ["failed"]);
      await waitFor(() => lines.some((line) => line.message === "dead letter"));
      const logged = lines.filter((line) => line.message === "dead letter");
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        level: "warn",
        channel: "audit",
        message_id: "gone-1.audit",
        status_code: 404,
        reason: expect.stringMatching(
          /^HTTP 404 from 127\.0\.0\.1:\d+: no such hook · attempt 1 of 8 · .* UTC · permanent, not retried$/,
        ),
      });
      expect(await registry.metrics()).toMatch(
        /webhook_dead_letters_total\{channel="audit"[^}]*\} 1/,
      );
    } finally {
      await notifier.close();
      for (const connection of consumers) connection.disconnect();
      await Promise.all([notificationQueue.close(), deliveryQueue.close()]);
      producer.disconnect();
      await prisma.$disconnect();
      await database.drop();
      await receiver.close();
    }
  });
});
