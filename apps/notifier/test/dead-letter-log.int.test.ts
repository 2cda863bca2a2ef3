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
describe("a dead letter", () => {
  it("is logged once, with channel, status and the receiver's answer, and counted", async () => {
    // 404 for gone-1 (permanent); 500 for spent-1 until its attempts run out.
    const receiver = await startReceiver((_index, request) =>
      request.body.includes("spent")
        ? { status: 500, body: "down" }
        : { status: 404, body: "no such hook\n" },
    );
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
      yaml: `outgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n  channels:\n    audit:\n      url: ${receiver.url}\n      retries: 1\n      retry_delay: 10ms\n      retry_schedule: [50ms]\n      circuit_breaker:\n        failure_threshold: 100\n`,
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
          {
            id: "spent-1",
            event_type: "pr.closed",
            priority: "high",
            data: { repository: "acme/spent", number: 1 },
          },
        ],
        "test",
      );
      await waitForJob(notifier.deliveryQueue, "gone-1.audit", ["failed"]);
      await waitForJob(notifier.deliveryQueue, "spent-1.audit", ["failed"]);
      await waitFor(() => lines.filter((line) => line.message === "dead letter").length === 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Each dead letter is said once, in one line (issue 23): no second line from a "failed" listener.
      const logged = lines.filter((line) => /dead.?letter/i.test(String(line.message)));
      expect(logged.map((line) => line.message_id).sort()).toEqual([
        "gone-1.audit",
        "spent-1.audit",
      ]);
      expect(logged.find((line) => line.message_id === "spent-1.audit")).toMatchObject({
        status_code: 500,
        reason: expect.stringMatching(/^HTTP 500 from 127\.0\.0\.1:\d+: down · attempt 2 of 2 · /),
      });
      expect(logged.find((line) => line.message_id === "gone-1.audit")).toMatchObject({
        level: "warn",
        channel: "audit",
        message_id: "gone-1.audit",
        status_code: 404,
        reason: expect.stringMatching(
          /^HTTP 404 from 127\.0\.0\.1:\d+: no such hook · attempt 1 of 2 · .* UTC · permanent, not retried$/,
        ),
      });
      expect(await notifier.registry.metrics()).toMatch(
        /webhook_dead_letters_total\{channel="audit"[^}]*\} 2/,
      );
    } finally {
      await notifier.close();
      await database.drop();
      await receiver.close();
    }
  });
});
