import { pullRequestEvent, waitFor } from "@hookline/test-utils";
import { createRecoveryHarness, REPO_HOOK, type RecoveryHarness } from "./support/recovery-harness";

const SNAPSHOT_AT = "2026-11-29T07:00:00Z";

// pull-request-simple, as GET /repos/{owner}/{repo}/pulls lists it: no merged, mergeable, commits…
function pullSimple(number: number, state: "open" | "closed" = "open") {
  return {
    url: `https://api.github.com/repos/octo/hookline/pulls/${number}`,
    id: 900_000 + number,
    node_id: `PR_${number}`,
    html_url: `https://github.com/octo/hookline/pull/${number}`,
    number,
    state,
    locked: false,
    title: `Change ${number}`,
    user: { login: "octocat", id: 1, type: "User" },
    body: null,
    labels: [],
    created_at: "2026-11-01T00:00:00Z",
    updated_at: SNAPSHOT_AT,
    closed_at: state === "closed" ? SNAPSHOT_AT : null,
    merged_at: null,
    merge_commit_sha: null,
    draft: number % 10 === 0,
    head: {
      label: `octo:feature-${number}`,
      ref: `feature-${number}`,
      sha: `sha-${number}-a`,
      user: null,
      repo: null,
    },
    base: { label: "octo:main", ref: "main", sha: "base", user: null, repo: null },
    author_association: "MEMBER",
  };
}

describe("backfill", () => {
  let harness: RecoveryHarness;
  beforeAll(async () => {
    harness = await createRecoveryHarness();
    const pulls = [];
    for (let number = 260; number >= 1; number -= 1)
      pulls.push(pullSimple(number, number > 250 ? "closed" : "open"));
    const run = (id: number, status: string, conclusion: string | null) => ({
      id,
      name: `ci-${id}`,
      head_sha: "sha-1-a",
      status,
      conclusion,
      html_url: null,
      started_at: "2026-11-29T06:50:00Z",
      completed_at: status === "completed" ? "2026-11-29T06:55:00Z" : null,
      app: { slug: "actions" },
      pull_requests: [],
    });
    harness.github.repositories.set("octo/hookline", {
      repository: {
        id: 4242,
        full_name: "octo/hookline",
        html_url: "https://github.com/octo/hookline",
        private: false,
      },
      pulls,
      checkRuns: new Map([
        [
          "sha-1-a",
          [
            run(5001, "completed", "success"),
            run(5002, "completed", "success"),
            run(5003, "in_progress", null),
          ],
        ],
      ]),
      checkSuites: new Map([
        [
          "sha-1-a",
          [
            {
              id: 6001,
              head_sha: "sha-1-a",
              head_branch: "feature-1",
              status: "completed",
              conclusion: "success",
              updated_at: "2026-11-29T06:56:00Z",
              app: { slug: "actions" },
              pull_requests: [],
            },
          ],
        ],
      ]),
      statuses: new Map([
        [
          "sha-1-a",
          [
            {
              id: 7002,
              context: "ci/legacy",
              state: "success",
              description: null,
              target_url: null,
              created_at: "2026-11-29T06:57:00Z",
              updated_at: "2026-11-29T06:57:00Z",
            },
            {
              id: 7001,
              context: "ci/legacy",
              state: "pending",
              description: null,
              target_url: null,
              created_at: "2026-11-29T06:51:00Z",
              updated_at: "2026-11-29T06:51:00Z",
            },
          ],
        ],
      ]),
    });
  });
  afterAll(async () => {
    await harness.close();
  });

  const webhook = (number: number, updatedAt: string, title: string) =>
    harness.github.deliver(
      REPO_HOOK,
      "pull_request",
      pullRequestEvent({ number, action: "edited", updatedAt, title }),
    );

  const pullRequest = (number: number) =>
    harness.worker.prisma.pullRequest.findUniqueOrThrow({
      where: { id: BigInt(900_000 + number) },
    });

  const processed = () =>
    harness.worker.prisma.webhookDelivery.count({ where: { status: "PROCESSED" } });

  it("seeds 250 open pull requests (three pages) and their checks; a newer webhook still wins; a re-run changes nothing", async () => {
    // A webhook of the snapshot's own second, stored before the backfill: it must survive it.
    expect((await webhook(10, SNAPSHOT_AT, "Same second, earlier")).status).toBe("OK");
    const { sweeper, progress } = await harness.sweeper();
    const [report] = await sweeper.backfill(["octo/hookline"]);
    expect(report).toEqual({
      repository: "octo/hookline",
      pullRequests: 250,
      checkRuns: 3,
      checkSuites: 1,
      statuses: 1,
      queued: 255, // 250 + 3 runs (one in progress) + 1 suite + the latest status of its context
    });
    const pages = harness.github.requests.filter((request) => request.path.endsWith("/pulls"));
    expect(pages.map((request) => request.path)).toEqual([
      "/repos/octo/hookline/pulls",
      "/repositories/4242/pulls",
      "/repositories/4242/pulls",
    ]);
    expect(progress).toContain("octo/hookline: open pull requests page 3 (250 so far)");

    await waitFor(async () => (await processed()) === 256, {
      what: "backfill applied",
      timeoutMs: 30_000,
    });
    expect(await harness.worker.prisma.pullRequest.count({ where: { state: "OPEN" } })).toBe(250);
    // Run 5003 is still in progress on GitHub: pending, as GitHub shows it.
    expect(await pullRequest(1)).toMatchObject({
      checksState: "PENDING",
      title: "Change 1",
      headSha: "sha-1-a",
    });
    expect(await pullRequest(20)).toMatchObject({ draft: true });
    expect(await pullRequest(10)).toMatchObject({ title: "Same second, earlier" });
    const history = await harness.worker.prisma.pullRequestEvent.findMany({
      where: { pullRequestId: 900_002n },
    });
    expect(history.map((event) => event.triggerEvent)).toEqual(["OTHER"]);

    // Webhooks after the snapshot: newer wins, the same second wins, older loses.
    await webhook(7, "2026-11-29T07:05:00Z", "Renamed later");
    await webhook(8, SNAPSHOT_AT, "Same second, later");
    await webhook(9, "2026-11-29T06:00:00Z", "Older");
    await waitFor(async () => (await processed()) === 259, { what: "webhooks applied" });
    expect(await pullRequest(7)).toMatchObject({ title: "Renamed later" });
    expect(await pullRequest(8)).toMatchObject({ title: "Same second, later" });
    expect(await pullRequest(9)).toMatchObject({ title: "Change 9" });

    const before = await harness.worker.prisma.pullRequest.findMany({ orderBy: { id: "asc" } });
    await sweeper.backfill(["octo/hookline"]);
    await waitFor(
      async () =>
        (await harness.worker.incomingQueue.getJobCounts("waiting", "active", "delayed"))
          .waiting === 0,
    );
    expect(await harness.worker.prisma.webhookDelivery.count()).toBe(259);
    expect(await harness.worker.prisma.pullRequest.findMany({ orderBy: { id: "asc" } })).toEqual(
      before,
    );
  }, 180_000);
});
