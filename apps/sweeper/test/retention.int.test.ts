import { ConfigError, loadConfig } from "@hookline/config";
import { pullRequestEvent, testRedisUrl, waitFor } from "@hookline/test-utils";
import {
  createRecoveryHarness,
  metricValue,
  REPO_HOOK,
  type RecoveryHarness,
} from "./support/recovery-harness";

const DAY = 86_400_000;
const RETENTION = `retention:
  deliveries: 7d
  attempts: 30d
  redelivery_requests: 7d
  history: 90d
  audit: 365d
  batch_size: 2
`;

// Every table has an end: rows older than their kind's window go, in
// batches that never wait on (or hold up) a transaction of the hot path.
describe("retention", () => {
  let harness: RecoveryHarness;
  beforeEach(async () => {
    harness = await createRecoveryHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  /** Applies two pull requests through the real path, then ages the first one's rows by `ageMs`. */
  async function storedRows(ageMs: number) {
    const { github } = harness;
    const old = await github.deliver(
      REPO_HOOK,
      "pull_request",
      pullRequestEvent({ number: 1, action: "opened", updatedAt: "2026-01-01T00:00:00Z" }),
    );
    const fresh = await github.deliver(
      REPO_HOOK,
      "pull_request",
      pullRequestEvent({ number: 2, action: "opened", updatedAt: "2026-12-06T00:00:00Z" }),
    );
    await waitFor(async () => (await harness.applied()).has(fresh.guid), {
      what: "both applied",
    });
    await waitFor(async () => (await harness.applied()).has(old.guid), { what: "both applied" });
    const prisma = harness.worker.prisma;
    const at = new Date(Date.now() - ageMs);
    await prisma.webhookDelivery.update({
      where: { deliveryId: old.guid },
      data: { receivedAt: at },
    });
    await prisma.pullRequestEvent.updateMany({
      where: { deliveryId: old.guid },
      data: { createdAt: at },
    });
    for (let n = 0; n < 5; n += 1)
      await prisma.deliveryAttempt.create({
        data: {
          messageId: `msg-${n}`,
          channel: "audit",
          notificationIds: [],
          attempt: 1,
          try: 1,
          durationMs: 3,
          createdAt: n < 4 ? at : new Date(),
        },
      });
    await prisma.githubRedeliveryRequest.createMany({
      data: [
        { hookKey: "h", guid: "old", githubDeliveryId: 1n, requestedAt: at },
        { hookKey: "h", guid: "new", githubDeliveryId: 2n, requestedAt: new Date() },
      ],
    });
    await prisma.githubRefusedDelivery.create({
      data: {
        hookKey: "h",
        guid: "refused-old",
        githubDeliveryId: 3n,
        statusCode: 401,
        event: "pull_request",
        deliveredAt: at,
        recordedAt: at,
      },
    });
    const audit = {
      actor: "a",
      action: "replay",
      origin: "api",
      queue: "q",
      selector: {},
      count: 0,
    };
    await prisma.auditEntry.createMany({
      data: [
        { ...audit, jobIds: [], at },
        { ...audit, jobIds: [], at: new Date() },
      ],
    });
    return { old, fresh };
  }

  it("deletes each kind's rows older than its window, in batches, and reports what it kept", async () => {
    const { old, fresh } = await storedRows(400 * DAY);
    const { sweeper, registry } = await harness.sweeper({
      yaml: `github:
  hooks: []
${RETENTION}`,
    });
    const report = await sweeper.retain();
    expect(report).toBeDefined();
    expect(report!.deliveries.removed).toBe(1);
    expect(report!.history.removed).toBe(1);
    expect(report!.attempts.removed).toBe(4); // two full batches of 2, then an empty one
    expect(report!.redelivery_requests.removed).toBe(2);
    expect(report!.audit.removed).toBe(1);
    const prisma = harness.worker.prisma;
    expect((await prisma.webhookDelivery.findMany()).map((row) => row.deliveryId)).toEqual([
      fresh.guid,
    ]);
    expect(await prisma.pullRequestEvent.count({ where: { deliveryId: old.guid } })).toBe(0);
    expect(await prisma.pullRequestEvent.count({ where: { deliveryId: fresh.guid } })).toBe(1);
    expect(await prisma.deliveryAttempt.count()).toBe(1);
    expect(await prisma.githubRedeliveryRequest.count()).toBe(1);
    expect(await prisma.githubRefusedDelivery.count()).toBe(0);
    expect(await prisma.auditEntry.count()).toBe(1);
    // The oldest row kept is within its window.
    for (const kind of ["deliveries", "attempts", "history", "audit"] as const)
      expect(report![kind].oldest!.getTime()).toBeGreaterThan(Date.now() - DAY);
    expect(await metricValue(registry, "hookline_retention_rows_removed_total")).toBe(9);
    const oldest = await registry
      .getSingleMetric("hookline_retention_oldest_row_timestamp_seconds")!
      .get();
    expect(oldest.values.map((value) => value.labels.kind).sort()).toEqual(
      ["attempts", "audit", "deliveries", "history", "redelivery_requests"].sort(),
    );

    // Nothing more to do on the next run.
    const again = await sweeper.retain();
    expect(Object.values(again!).every((kind) => kind.removed === 0)).toBe(true);
  }, 60_000);

  it("keeps rows inside their windows", async () => {
    await storedRows(5 * DAY); // inside every window (the shortest is 7 days)
    const { sweeper } = await harness.sweeper({ yaml: `github:\n  hooks: []\n${RETENTION}` });
    const report = await sweeper.retain();
    expect(report!.deliveries.removed).toBe(0);
    expect(report!.history.removed).toBe(0);
    expect(report!.attempts.removed).toBe(0);
    expect(report!.audit.removed).toBe(0);
  }, 60_000);

  it("skips rows the hot path holds instead of waiting, and takes them on a later run", async () => {
    const { old } = await storedRows(400 * DAY);
    const prisma = harness.worker.prisma;
    let releaseHold!: () => void;
    const held = new Promise<void>((resolve) => (releaseHold = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // A worker's transaction on that ledger row, open while retention runs.
    const transaction = prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM webhook_deliveries WHERE delivery_id = ${old.guid} FOR UPDATE`;
        locked();
        await held;
      },
      { timeout: 30_000 },
    );
    await isLocked;
    const { sweeper } = await harness.sweeper({ yaml: `github:\n  hooks: []\n${RETENTION}` });
    const started = Date.now();
    const report = await sweeper.retain();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report!.deliveries.removed).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { deliveryId: old.guid } })).toBe(1);
    releaseHold();
    await transaction;
    expect((await sweeper.retain())!.deliveries.removed).toBe(1);
  }, 60_000);

  it("runs on one replica at a time", async () => {
    const { sweeper, config } = await harness.sweeper({
      yaml: `github:\n  hooks: []\n${RETENTION}`,
    });
    await harness.ingest.redis.set(`${config.redis.prefix}:retention-lock`, "other", "PX", 10_000);
    expect(await sweeper.retain()).toBeUndefined();
  });

  it("refuses a ledger window shorter than GitHub's 3 days plus the dedupe window", () => {
    const load = (yaml: string) =>
      loadConfig({
        role: "sweeper",
        env: { REDIS_URL: testRedisUrl(), DATABASE_URL: "postgresql://x@127.0.0.1/x" },
        yaml,
      });
    expect(() => load("retention:\n  deliveries: 5d\n")).toThrow(ConfigError);
    expect(() => load("retention:\n  deliveries: 5d\n")).toThrow(/retention\.deliveries/);
    expect(
      load("retention:\n  deliveries: 4d\nincoming:\n  dedupe_ttl: 1d\n").retention.deliveries,
    ).toBe(4 * DAY);
  });
});
