import { pullRequestEvent, waitFor } from "@hookline/test-utils";
import type { DeliveryRow } from "@hookline/test-utils";
import {
  createRecoveryHarness,
  metricValue,
  REPO_HOOK,
  type RecoveryHarness,
} from "./support/recovery-harness";

// The scenarios against a local GitHub: the ingest down while
// GitHub delivered, then one sweep recovers exactly what was missed.
describe("redelivery sweep", () => {
  let harness: RecoveryHarness;
  beforeEach(async () => {
    harness = await createRecoveryHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  const event = (number: number) =>
    pullRequestEvent({ number, action: "opened", updatedAt: "2026-11-29T08:00:00Z" });

  it("requests exactly the 50 deliveries attempted while the ingest was down, once", async () => {
    const { github } = harness;
    const before = await github.deliver(REPO_HOOK, "pull_request", event(1));
    harness.ingestMode = "503";
    const missed: string[] = [];
    for (let n = 2; n <= 51; n += 1) {
      if (n === 30) harness.ingestMode = "refuse";
      missed.push((await github.deliver(REPO_HOOK, "pull_request", event(n))).guid);
    }
    harness.ingestMode = "up";
    // GitHub also delivers events hookline ignores; a failed one is not worth a redelivery.
    harness.ingestMode = "503";
    await github.deliver(REPO_HOOK, "issues", { action: "opened" });
    harness.ingestMode = "up";
    const after = await github.deliver(REPO_HOOK, "pull_request", event(52));
    expect(before.status).toBe("OK");
    expect(after.status).toBe("OK");

    const { sweeper, registry } = await harness.sweeper();
    const first = await sweeper.sweep();
    expect(first.errors).toEqual([]);
    expect(first.reports[0]).toMatchObject({
      failed: 50,
      requested: 50,
      unhandled: 1,
      leftOver: 0,
    });
    const requestedGuids = github.redeliveryRequests.map(
      (request) => github.rows(REPO_HOOK).find((row) => row.id === request.id)!.guid,
    );
    expect(requestedGuids.sort()).toEqual([...missed].sort());

    await github.settled();
    let applied = await harness.applied();
    await waitFor(
      async () => {
        applied = await harness.applied();
        return missed.every((guid) => applied.has(guid));
      },
      { what: "the 50 redeliveries applied", timeoutMs: 30_000 },
    );
    expect(await harness.worker.prisma.pullRequest.count()).toBe(52);
    expect(await metricValue(registry, "github_redeliveries_requested_total")).toBe(50);
    expect(await metricValue(registry, "github_failed_deliveries_seen_total")).toBe(50);
    expect(
      await metricValue(registry, "github_sweep_last_success_timestamp_seconds"),
    ).toBeGreaterThan(0);
    const notifications = await harness.worker.notificationQueue.getJobs([
      "waiting",
      "prioritized",
      "delayed",
    ]);
    expect(notifications.map((job) => job.data.event_type)).toContain(
      "system.github.failed_deliveries",
    );

    const second = await sweeper.sweep();
    expect(second.reports[0]).toMatchObject({ failed: 0, requested: 0 });
    expect(github.redeliveryRequests).toHaveLength(50);
  }, 60_000);

  it("skips deliveries hookline already stored: a manual redelivery, or a 202 GitHub timed out on", async () => {
    const { github } = harness;
    harness.ingestMode = "503";
    const missed: DeliveryRow[] = [];
    for (let n = 1; n <= 6; n += 1)
      missed.push(await github.deliver(REPO_HOOK, "pull_request", event(n)));
    harness.ingestMode = "store-then-504";
    const timedOut = await github.deliver(REPO_HOOK, "pull_request", event(7));
    expect(timedOut.status).toBe("Invalid HTTP Response: 504");
    harness.ingestMode = "up";
    // Someone clicked "Redeliver" on two of them.
    await fetch(`${github.url}${REPO_HOOK}/deliveries/${missed[0]!.id}/attempts`, {
      method: "POST",
      headers: { authorization: "token github_pat_test" },
    });
    await fetch(`${github.url}${REPO_HOOK}/deliveries/${missed[1]!.id}/attempts`, {
      method: "POST",
      headers: { authorization: "token github_pat_test" },
    });
    await github.settled();
    github.redeliveryRequests.length = 0;

    const { sweeper } = await harness.sweeper();
    const outcome = await sweeper.sweep();
    expect(outcome.reports[0]).toMatchObject({ failed: 4, requested: 4, alreadyStored: 1 });
    const requested = new Set(github.redeliveryRequests.map((request) => request.id));
    expect([...requested].sort()).toEqual(
      missed
        .slice(2)
        .map((row) => row.id)
        .sort(),
    );
  });

  it("requests at most max_redeliveries per run and the rest on the next", async () => {
    const { github } = harness;
    harness.ingestMode = "refuse";
    for (let n = 1; n <= 5; n += 1) await github.deliver(REPO_HOOK, "pull_request", event(n));
    harness.ingestMode = "up";
    const { sweeper } = await harness.sweeper({ env: { GITHUB_SWEEP_MAX_REDELIVERIES: "3" } });
    expect((await sweeper.sweep()).reports[0]).toMatchObject({ requested: 3, leftOver: 2 });
    await github.settled();
    expect((await sweeper.sweep()).reports[0]).toMatchObject({ requested: 2, leftOver: 0 });
    await github.settled();
    expect((await sweeper.sweep()).reports[0]).toMatchObject({ failed: 0, requested: 0 });
    expect(new Set(github.redeliveryRequests.map((request) => request.id)).size).toBe(5);
  });
});
