import { PassThrough } from "node:stream";
import { loadConfig } from "@hookline/config";
import { createLogger } from "@hookline/observability";
import { publishNotifications } from "@hookline/queue";
import {
  createTestDatabase,
  startReceiver,
  testPrefix,
  testRedisUrl,
  waitFor,
  waitForJob,
} from "@hookline/test-utils";
import { startNotifier } from "../src/start-notifier";

// The notifier's own composition root, with a log stream the test reads.
describe("a 4xx dead letter", () => {
  it("is logged once, with channel, status and the receiver's answer, and counted", async () => {
    const receiver = await startReceiver(() => ({ status: 404, body: "no such hook\n" }));
    const database = await createTestDatabase();
    const config = loadConfig({
      role: "notifier",
      env: {
        REDIS_URL: testRedisUrl(),
        DATABASE_URL: database.url,
        REDIS_PREFIX: testPrefix(),
        NOTIFIER_METRICS_HOST: "127.0.0.1",
        NOTIFIER_METRICS_PORT: "0",
      },
      yaml: `outgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n  channels:\n    audit:\n      url: ${receiver.url}\n`,
    });
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
    const notifier = await startNotifier(config, { logger, monitor: false });
    try {
      await publishNotifications(
        notifier.notificationQueue,
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
      await waitForJob(notifier.deliveryQueue, "gone-1.audit", ["failed"]);
      await waitFor(() => lines.some((line) => line.message === "dead letter"));
      const logged = lines.filter((line) => line.message === "dead letter");
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        level: "warn",
        channel: "audit",
        message_id: "gone-1.audit",
        status_code: 404,
        reason: expect.stringMatching(
          /^HTTP 404 from 127\.0\.0\.1:\d+: no such hook · attempt 1 of 9 · .* UTC · permanent, not retried$/,
        ),
      });
      expect(await notifier.registry.metrics()).toMatch(
        /webhook_dead_letters_total\{channel="audit"[^}]*\} 1/,
      );
    } finally {
      await notifier.close();
      await database.drop();
      await receiver.close();
    }
  });
});
