import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnApp, startReceiver, waitFor, waitForJob, type Receiver } from "@hookline/test-utils";
import { webhookId } from "@hookline/delivery";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

describe("the dead-letter queue", () => {
  let receiver: Receiver;
  let harness: NotifierHarness;
  let port: number;
  beforeAll(async () => {
    receiver = await startReceiver();
    port = Number(new URL(receiver.url).port);
    await receiver.close(); // down for the whole schedule
    harness = await createNotifierHarness(
      `  channels:\n    audit:\n      url: ${receiver.url}\n      retries: 1\n      retry_delay: 20ms\n      retry_schedule: [100ms, 100ms]\n      circuit_breaker:\n        failure_threshold: 100\n`,
    );
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  // It spawns the replay command (tsx, Prisma, Redis): a generous bound on a loaded machine.
  it("keeps a delivery that ran out of attempts in the failed set, then delivers it exactly once after replay", async () => {
    const id = await harness.publish({ event_type: "pr.merged" });
    const messageId = `${id}.audit`;
    const job = await waitForJob(harness.deliveryQueue, messageId, ["failed"]);
    // Every try is one BullMQ attempt (3 attempts of 2 tries), so every wait is in the delayed set.
    expect(job!.attemptsMade).toBe(6);
    expect(job!.failedReason).toMatch(/ECONNREFUSED/);
    await harness.flushAttempts();
    const rows = await harness.prisma.deliveryAttempt.findMany({ where: { messageId } });
    expect(rows.map((row) => `${row.attempt}.${row.try}`).sort()).toEqual([
      "1.1",
      "1.2",
      "2.1",
      "2.2",
      "3.1",
      "3.2",
    ]);

    receiver = await startReceiver(() => ({ status: 200 }), port);
    const configPath = join(mkdtempSync(join(tmpdir(), "hookline-replay-")), "config.yaml");
    // The production config, whose channel secrets the replay command does not have:
    // it needs Redis and PostgreSQL only, and must not refuse to run for want of them.
    writeFileSync(
      configPath,
      `redis:\n  prefix: "${harness.config.redis.prefix}"\n` +
        "outgoing:\n  channels:\n    alerting:\n      url: https://alerts.example\n      secret: ${ALERTING_SECRET}\n",
    );
    const replay = spawnApp(
      "apps/dashboard/src/replay-main.ts",
      {
        CONFIG_PATH: configPath,
        REDIS_URL: harness.config.redis.url,
        DATABASE_URL: harness.config.database.url,
      },
      ["--all", "--yes", "--json"],
    );
    expect(await replay.exited).toBe(0);
    expect(JSON.parse(replay.output().trim().split("\n").at(-1)!)).toMatchObject({
      queue: "deliveries",
      dry_run: false,
      matched: 1,
      replayed: 1,
      job_ids: [messageId],
    });
    const [audit] = await harness.prisma.auditEntry.findMany();
    expect(audit).toMatchObject({ action: "replay", origin: "command", jobIds: [messageId] });

    await waitFor(
      async () => (await (await harness.deliveryQueue.getJob(messageId))?.isCompleted()) === true,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.headers["webhook-id"]).toBe(webhookId(messageId));
  }, 90_000);
});
