import { pullRequestEvent } from "@hookline/test-utils";
import {
  createRecoveryHarness,
  metricValue,
  REPO_HOOK,
  type RecoveryHarness,
} from "./support/recovery-harness";

// A delivery hookline refused with a permanent 4xx (here: GitHub signing
// with a secret the ingest no longer has, 401) gets the same answer however
// often it is asked for. It is recorded and reported once, never
// re-requested, and the cursor moves past it.
describe("deliveries hookline refused permanently", () => {
  let harness: RecoveryHarness;
  beforeEach(async () => {
    harness = await createRecoveryHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it("are recorded and reported once, not re-requested, and do not hold the cursor", async () => {
    const { github } = harness;
    const hook = github.hooks.get(REPO_HOOK)!;
    const secret = hook.secret;
    hook.secret = "a-secret-hookline-does-not-know";
    const refused = await github.deliver(
      REPO_HOOK,
      "pull_request",
      pullRequestEvent({ number: 1, action: "opened", updatedAt: "2026-12-06T08:00:00Z" }),
    );
    expect(refused.status_code).toBe(401);
    hook.secret = secret;
    // A transient failure beside it is still asked for.
    harness.ingestMode = "503";
    const failed = await github.deliver(
      REPO_HOOK,
      "pull_request",
      pullRequestEvent({ number: 2, action: "opened", updatedAt: "2026-12-06T08:00:00Z" }),
    );
    harness.ingestMode = "up";

    const { sweeper, registry } = await harness.sweeper();
    const first = (await sweeper.sweep()).reports[0]!;
    expect(first).toMatchObject({ refused: [refused.guid], failed: 1, requested: 1 });
    expect(github.redeliveryRequests.map((request) => request.id)).toEqual([failed.id]);
    await github.settled();

    const second = (await sweeper.sweep()).reports[0]!;
    expect(second).toMatchObject({ refused: [], failed: 0, requested: 0, pending: 0 });
    expect(github.redeliveryRequests).toHaveLength(1);
    // Nothing unsettled: the cursor is GitHub's time of the listing, past the refusal.
    expect(Date.parse(second.cursor)).toBeGreaterThanOrEqual(Date.parse(refused.delivered_at));
    const cursor = await harness.worker.prisma.githubSweepCursor.findFirstOrThrow();
    expect(cursor.cursorAt.toISOString()).toBe(second.cursor);

    const rows = await harness.worker.prisma.githubRefusedDelivery.findMany();
    expect(rows).toMatchObject([
      { guid: refused.guid, statusCode: 401, event: "pull_request", action: "opened" },
    ]);
    expect(await metricValue(registry, "github_refused_deliveries_total")).toBe(1);
    const reported = (
      await harness.worker.notificationQueue.getJobs(["waiting", "prioritized", "completed"])
    ).filter((job) => job.data.event_type === "system.github.refused_deliveries");
    expect(reported).toHaveLength(1);
    expect(reported[0]!.data.data).toMatchObject({ refused: [refused.guid] });
  });
});
