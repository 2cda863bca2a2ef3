import { pullRequestEvent, waitFor } from "@hookline/test-utils";
import { createRecoveryHarness, REPO_HOOK, type RecoveryHarness } from "./support/recovery-harness";

const MINUTE = 60_000;

// The sweeper keeps its cursor in GitHub's time (its Date header and
// delivered_at), so a host clock 15 minutes ahead of GitHub's, or behind
// it, neither hides a failure nor loses one. Time is simulated: both
// clocks advance 20 s a step, GitHub's `skew` apart from the host's, and
// the overlap (1 minute) is far smaller than the skew.
describe.each([
  ["GitHub 15 minutes behind the host", -15 * MINUTE],
  ["GitHub 15 minutes ahead of the host", 15 * MINUTE],
])("sweeps with %s", (_name, skew) => {
  let harness: RecoveryHarness;
  let now = Date.now();
  const hostClock = () => new Date(now);
  beforeAll(async () => {
    harness = await createRecoveryHarness({ clock: () => new Date(now + skew) });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("finds every failure, including those in the minutes after a sweep", async () => {
    const { github } = harness;
    const { sweeper } = await harness.sweeper({
      deps: { now: hostClock },
      yaml: `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 101 }
  sweep:
    look_back: 1h
    overlap: 1m
    write_interval: 10ms
    retry_base: 50ms
`,
    });
    const delivered: string[] = [];
    // Up for a minute, down for a minute, ...; a sweep at the end of each minute.
    for (let step = 0; step < 24; step += 1) {
      harness.ingestMode = Math.floor(step / 3) % 2 === 0 ? "up" : "refuse";
      const row = await github.deliver(
        REPO_HOOK,
        "pull_request",
        pullRequestEvent({
          number: step + 1,
          action: "opened",
          updatedAt: new Date(now + skew).toISOString(),
        }),
      );
      delivered.push(row.guid);
      now += 20_000;
      if (step % 3 === 2) {
        harness.ingestMode = "up";
        await sweeper.sweep();
        await github.settled();
      }
    }
    harness.ingestMode = "up";
    const originalFailures = github
      .rows(REPO_HOOK)
      .filter((row) => !row.redelivery && row.status !== "OK");
    expect(originalFailures).toHaveLength(12);

    let last;
    for (let round = 0; round < 4; round += 1) {
      now += MINUTE;
      last = (await sweeper.sweep()).reports[0]!;
      await github.settled();
      if (last.failed === 0 && last.pending === 0) break;
    }
    expect(last).toMatchObject({ failed: 0, pending: 0, missing: 0 });
    // Every failure was asked for once, and only failures were.
    const requested = github.redeliveryRequests.map(
      (request) => github.rows(REPO_HOOK).find((row) => row.id === request.id)!.guid,
    );
    expect(new Set(requested)).toEqual(new Set(originalFailures.map((row) => row.guid)));
    expect(requested).toHaveLength(12);
    await waitFor(
      async () => {
        const applied = await harness.applied();
        return delivered.every((guid) => applied.has(guid));
      },
      { what: "every delivery applied", timeoutMs: 30_000 },
    );
    // The cursor is GitHub's time: never ahead of GitHub's clock.
    const cursor = await harness.worker.prisma.githubSweepCursor.findFirstOrThrow();
    expect(cursor.cursorAt.getTime()).toBeLessThanOrEqual(now + skew);
  }, 90_000);
});
