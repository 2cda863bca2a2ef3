import { pullRequestEvent, waitFor } from "@hookline/test-utils";
import {
  createRecoveryHarness,
  metricValue,
  REPO_HOOK,
  type RecoveryHarness,
} from "./support/recovery-harness";

/** Every key under a prefix, by SCAN (the harness's Redis is shared with other test files). */
async function keysUnder(harness: RecoveryHarness): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = "0";
  do {
    const [next, batch] = await harness.ingest.redis.scan(
      cursor,
      "MATCH",
      `${harness.prefix}*`,
      "COUNT",
      1000,
    );
    cursor = next;
    for (const key of batch) keys.add(key);
  } while (cursor !== "0");
  return keys;
}

// The first item: Redis answers a write before fsync, so an OS
// crash (or a failover to a replica that had not caught up) loses
// deliveries hookline already answered 202 to. GitHub recorded them "OK"
// and never offers them again; the sweep's reconciliation must.
describe("reconciliation of acknowledged deliveries", () => {
  let harness: RecoveryHarness;
  beforeEach(async () => {
    harness = await createRecoveryHarness({ startWorker: false });
  });
  afterEach(async () => {
    await harness.close();
  });

  const event = (number: number) =>
    pullRequestEvent({ number, action: "opened", updatedAt: "2026-12-06T08:00:00Z" });

  it("brings back every delivery lost after its 202, once, and applies it", async () => {
    const { github } = harness;
    const before = await keysUnder(harness);
    const lost: string[] = [];
    for (let n = 1; n <= 12; n += 1) {
      const row = await github.deliver(REPO_HOOK, "pull_request", event(n));
      expect(row).toMatchObject({ status: "OK", status_code: 202 });
      lost.push(row.guid);
    }
    // An event hookline ignores (200): GitHub lists it OK, but nothing was held to lose.
    const ignored = await github.deliver(REPO_HOOK, "issues", { action: "opened" });
    expect(ignored).toMatchObject({ status: "OK", status_code: 200 });

    // The crash: Redis comes back without every write made since `before`
    // (the jobs, their dedupe keys, whatever else the ingest wrote).
    const written = [...(await keysUnder(harness))].filter((key) => !before.has(key));
    expect(written.length).toBeGreaterThan(0);
    await harness.ingest.redis.del(...written);
    expect(await harness.worker.notificationQueue.count()).toBe(0);

    await harness.worker.startWorker();
    const { sweeper, registry } = await harness.sweeper();
    const first = await sweeper.sweep();
    expect(first.errors).toEqual([]);
    expect(first.reports[0]).toMatchObject({ missing: 12, requested: 12, failed: 0 });
    const requested = github.redeliveryRequests.map(
      (request) => github.rows(REPO_HOOK).find((row) => row.id === request.id)!.guid,
    );
    expect(requested.sort()).toEqual([...lost].sort());
    expect(await metricValue(registry, "github_acknowledged_missing_total")).toBe(12);
    const notifications = await harness.worker.notificationQueue.getJobs([
      "waiting",
      "prioritized",
      "delayed",
      "completed",
    ]);
    expect(notifications.map((job) => job.data.event_type)).toContain(
      "system.github.acknowledged_missing",
    );

    await github.settled();
    await waitFor(
      async () => {
        const applied = await harness.applied();
        return lost.every((guid) => applied.has(guid));
      },
      { what: "the 12 lost deliveries applied", timeoutMs: 30_000 },
    );
    expect(await harness.worker.prisma.pullRequest.count()).toBe(12);

    // Held now (ledger): nothing more to ask for, and the metric counted each GUID once.
    const second = await sweeper.sweep();
    expect(second.reports[0]).toMatchObject({ missing: 0, requested: 0 });
    expect(github.redeliveryRequests).toHaveLength(12);
    expect(await metricValue(registry, "github_acknowledged_missing_total")).toBe(12);
  }, 60_000);

  it("asks nothing for deliveries hookline holds: applied (ledger) or still queued (Redis)", async () => {
    const { github } = harness;
    // Queued, not applied: the worker is not running yet.
    const queued = await github.deliver(REPO_HOOK, "pull_request", event(1));
    const { sweeper } = await harness.sweeper();
    expect((await sweeper.sweep()).reports[0]).toMatchObject({ missing: 0, requested: 0 });

    await harness.worker.startWorker();
    await waitFor(async () => (await harness.applied()).has(queued.guid), {
      what: "the delivery applied",
    });
    // Applied, and gone from Redis altogether: the ledger alone says it is held.
    const itsKeys = [...(await keysUnder(harness))].filter((key) => key.includes(queued.guid));
    expect(itsKeys.length).toBeGreaterThan(0);
    await harness.ingest.redis.del(...itsKeys);
    expect((await sweeper.sweep()).reports[0]).toMatchObject({ missing: 0, requested: 0 });
    expect(github.redeliveryRequests).toHaveLength(0);
  });
});
