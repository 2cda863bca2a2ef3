import { checkRunEvent, pullRequestEvent, waitFor } from "@hookline/test-utils";
import { FakeGithub } from "@hookline/test-utils";
import { createRecoveryHarness, REPO_HOOK, type RecoveryHarness } from "./support/recovery-harness";

const MINUTE = 60_000;

// The fault run: the ingest is down for 10 minutes while GitHub keeps
// delivering; the sweeper, on its schedule, brings every delivery in without
// anyone's hands. Time is simulated: GitHub's delivered_at and the sweeper's
// clock advance 20 s per step while the test runs in seconds.
describe("fault run: ingest down for 10 minutes", () => {
  let harness: RecoveryHarness;
  let now = Date.now();
  const clock = () => new Date(now);
  beforeAll(async () => {
    harness = await createRecoveryHarness({ clock });
  });
  afterAll(async () => {
    await harness.close();
  });

  it("ends with every delivery applied and a last sweep that finds nothing to do", async () => {
    const github: FakeGithub = harness.github;
    const { sweeper } = await harness.sweeper({
      deps: { now: clock },
      yaml: `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 101 }
  sweep:
    interval: 3m
    overlap: 5m
    max_redeliveries: 20
    write_interval: 10ms
    retry_base: 50ms
`,
    });
    const delivered: string[] = [];
    let sweeps = 0;
    let pullRequests = 0;
    const start = now;
    // 0–1 min up, 1–11 min down (503, then refused connections), 11–13 min up.
    for (let step = 0; step < 39; step += 1) {
      const minute = (now - start) / MINUTE;
      harness.ingestMode = minute < 1 || minute >= 11 ? "up" : minute < 6 ? "503" : "refuse";
      pullRequests += 1;
      const number = pullRequests;
      const sha = `sha-${number}-a`;
      delivered.push(
        (
          await github.deliver(
            REPO_HOOK,
            "pull_request",
            pullRequestEvent({
              number,
              action: "opened",
              updatedAt: new Date(now).toISOString(),
              headSha: sha,
            }),
          )
        ).guid,
        (
          await github.deliver(
            REPO_HOOK,
            "check_run",
            checkRunEvent(70_000 + number, sha, "success", new Date(now).toISOString()),
          )
        ).guid,
      );
      if (step % 9 === 8) {
        // The schedule: every 3 minutes, also while the ingest is down.
        await sweeper.sweep();
        sweeps += 1;
        await github.settled();
      }
      now += 20_000;
    }
    harness.ingestMode = "up";
    // Every original attempt made while the ingest was down failed: 30 steps, 2 events each.
    const missed = github.rows(REPO_HOOK).filter((row) => !row.redelivery && row.status !== "OK");
    expect(missed).toHaveLength(60);

    // The schedule goes on after the outage until a sweep finds nothing.
    let last;
    for (let round = 0; round < 8; round += 1) {
      now += 3 * MINUTE;
      last = (await sweeper.sweep()).reports[0]!;
      sweeps += 1;
      await github.settled();
      if (last.failed === 0 && last.pending === 0) break;
    }
    expect(last).toMatchObject({ failed: 0, requested: 0, pending: 0 });
    await waitFor(
      async () => {
        const applied = await harness.applied();
        return delivered.every((guid) => applied.has(guid));
      },
      { what: "every delivery applied", timeoutMs: 30_000 },
    );
    expect(
      await harness.worker.prisma.pullRequest.count({ where: { checksState: "SUCCESS" } }),
    ).toBe(pullRequests);
    // Bounded: never more than max_redeliveries a sweep.
    expect(github.redeliveryRequests.length).toBeLessThanOrEqual(sweeps * 20);
  }, 120_000);
});
