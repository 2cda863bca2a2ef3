import {
  checkRunActionEvent,
  checkSuiteActionEvent,
  pullRequestEvent,
  statusEvent,
} from "@hookline/test-utils";
import { shuffled } from "./support/state-scenario";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

// Issue 17, item 2: every pr.* notification carries the pull request's
// stored version and full state, so a receiver that applies a notification
// only when its version is newer than the one it holds ends with exactly
// the stored state, in whatever order and however often they arrive.
const SEEDS = [1, 2, 3, 4, 5, 6];

type Payload = Record<string, unknown>;
interface Held {
  version: number;
  state: string;
  draft: boolean;
  merged: boolean;
  head_sha: string;
  checks_state: string;
  github_updated_at: string;
}

const t = (minute: number, second = 0) =>
  new Date(Date.UTC(2026, 11, 1, 10, minute, second)).toISOString();

/** A real-shaped life of one pull request: draft, checks, a push, a re-run, an edit, close and reopen, merge. */
function life(seed: number): Array<{ event: string; payload: Payload; id: string }> {
  const number = 300 + seed;
  const [h1, h2] = [`life-${seed}-h1`, `life-${seed}-h2`];
  const runId = (n: number) => seed * 100 + n;
  // Snapshots after the edit carry its title, as GitHub's do.
  const pr = (
    action: string,
    minute: number,
    extra: Partial<Parameters<typeof pullRequestEvent>[0]> = {},
  ) =>
    pullRequestEvent({
      number,
      action,
      updatedAt: t(minute),
      headSha: h2,
      ...(minute >= 10 ? { title: "Better title" } : {}),
      ...extra,
    });
  const run = (n: number, sha: string, name: string, minute: number, conclusion?: string) =>
    conclusion
      ? checkRunActionEvent({
          id: runId(n),
          sha,
          name,
          action: "completed",
          status: "completed",
          conclusion,
          startedAt: t(minute),
          completedAt: t(minute, 30),
        })
      : checkRunActionEvent({
          id: runId(n),
          sha,
          name,
          action: "created",
          status: "queued",
          startedAt: t(minute),
        });
  const rerequested = checkRunActionEvent({
    id: runId(4),
    sha: h2,
    name: "test",
    action: "rerequested",
    status: "completed",
    conclusion: "failure",
    startedAt: t(6),
    completedAt: t(6, 30),
  });
  const events: Array<[string, Payload]> = [
    ["pull_request", pr("opened", 0, { headSha: h1, draft: true })],
    ["check_run", run(1, h1, "build", 0)],
    ["check_run", run(2, h1, "test", 0)],
    ["status", statusEvent(runId(50), h1, "pending", t(0, 5))],
    ["check_run", run(1, h1, "build", 0, "success")],
    ["check_run", run(2, h1, "test", 0, "failure")],
    ["status", statusEvent(runId(51), h1, "success", t(1, 5))],
    ["pull_request", pr("ready_for_review", 2, { headSha: h1 })],
    ["pull_request", pr("synchronize", 5)],
    [
      "check_suite",
      checkSuiteActionEvent({
        id: runId(60),
        sha: h2,
        action: "requested",
        status: "queued",
        updatedAt: t(5, 1),
      }),
    ],
    ["check_run", run(3, h2, "build", 5)],
    ["check_run", run(4, h2, "test", 5)],
    ["check_run", run(3, h2, "build", 5, "success")],
    ["check_run", run(4, h2, "test", 6, "failure")],
    // Someone re-runs the failed test: queued again, then a new run passes.
    ["check_run", rerequested],
    ["check_run", run(5, h2, "test", 8)],
    ["check_run", run(5, h2, "test", 8, "success")],
    [
      "check_suite",
      checkSuiteActionEvent({
        id: runId(60),
        sha: h2,
        action: "completed",
        status: "completed",
        conclusion: "success",
        updatedAt: t(9),
      }),
    ],
    ["status", statusEvent(runId(52), h2, "success", t(9, 10))],
    ["pull_request", pr("edited", 10, { title: "Better title" })],
    ["pull_request", pr("closed", 11, { state: "closed" })],
    ["pull_request", pr("reopened", 12)],
    ...(seed % 2
      ? ([["pull_request", pr("closed", 13, { state: "closed", merged: true })]] as Array<
          [string, Payload]
        >)
      : []),
  ];
  return events.map(([event, payload], index) => ({ event, payload, id: `life-${seed}-${index}` }));
}

describe("the version rule: receivers order notifications by the stored version", () => {
  let harness: WorkerHarness;
  beforeAll(async () => {
    harness = await createWorkerHarness();
  });
  afterAll(() => harness.close());

  it.each(SEEDS)(
    "seed %i: shuffled events, notifications delivered shuffled with duplicates, the receiver ends with the stored state",
    async (seed) => {
      const events = life(seed);
      for (const { event, payload, id } of shuffled(events, seed))
        await harness.apply(event, payload, id);
      // Retries of deliveries already applied re-send their notifications with the values of then.
      for (const { event, payload, id } of shuffled(events, seed * 7).slice(0, 5))
        expect(await harness.apply(event, payload, id)).toBe("duplicate");

      const prId = String(900_000 + 300 + seed);
      const jobs = await harness.notificationQueue.getJobs(["prioritized", "waiting"], 0, -1);
      const sent = jobs.map((job) => job.data).filter((n) => n.data.pr_id === prId);
      expect(sent.length).toBeGreaterThan(0);
      // One version, one state: every notification of a version says the same.
      const byVersion = new Map<number, string>();
      for (const notification of sent) {
        const { version, state, draft, merged, head_sha, checks_state } =
          notification.data as unknown as Held;
        const said = JSON.stringify({ state, draft, merged, head_sha, checks_state });
        expect(byVersion.get(version) ?? said).toBe(said);
        byVersion.set(version, said);
      }

      // Delivered in random order, some twice (a retry, a replay).
      const deliveries = shuffled([...sent, ...shuffled(sent, seed + 11).slice(0, 6)], seed * 31);
      let held: Held | undefined;
      for (const notification of deliveries) {
        const data = notification.data as unknown as Held;
        if (!held || data.version > held.version) held = data; // the rule in docs/receivers.md
      }

      const stored = await harness.prisma.pullRequest.findUniqueOrThrow({
        where: { id: BigInt(prId) },
      });
      expect({
        version: held!.version,
        state: held!.state,
        draft: held!.draft,
        merged: held!.merged,
        head_sha: held!.head_sha,
        checks_state: held!.checks_state,
        github_updated_at: held!.github_updated_at,
      }).toEqual({
        version: Number(stored.version),
        state: stored.state,
        draft: stored.draft,
        merged: stored.state === "MERGED",
        head_sha: stored.headSha,
        checks_state: stored.checksState,
        github_updated_at: stored.githubUpdatedAt.toISOString(),
      });
      // And the stored state is GitHub's, whatever the order.
      expect([
        stored.state,
        stored.draft,
        stored.headSha,
        stored.checksState,
        stored.title,
      ]).toEqual([
        seed % 2 ? "MERGED" : "OPEN",
        false,
        `life-${seed}-h2`,
        "SUCCESS",
        "Better title",
      ]);
    },
  );
});
