import {
  checkRunActionEvent,
  checkSuiteActionEvent,
  pullRequestEvent,
  statusEvent,
} from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

// Issue 17, item 1: the stored checks state equals what GitHub shows for the
// head commit (rules and their sources: prisma/functions/hookline_checks_state.sql).
const t = (minute: number) => new Date(Date.UTC(2026, 11, 3, 9, minute)).toISOString();

describe("the checks state of the head commit", () => {
  let harness: WorkerHarness;
  let number = 0;
  beforeAll(async () => {
    harness = await createWorkerHarness();
  });
  afterAll(() => harness.close());

  /** A new pull request on a commit of its own; returns its commit and a reader of its checks state. */
  async function pullRequest() {
    number += 1;
    const sha = `checks-${number}`;
    await harness.apply(
      "pull_request",
      pullRequestEvent({ number, action: "opened", updatedAt: t(0), headSha: sha }),
    );
    const state = async () =>
      (await harness.prisma.pullRequest.findFirstOrThrow({ where: { number } })).checksState;
    return { sha, state, id: number * 1000 };
  }
  const completed = (id: number, sha: string, conclusion: string, name = "ci") =>
    checkRunActionEvent({
      id,
      sha,
      name,
      action: "completed",
      status: "completed",
      conclusion,
      startedAt: t(1),
      completedAt: t(2),
    });

  it.each(["failure", "timed_out", "cancelled", "action_required", "startup_failure", "stale"])(
    "a run concluding %s fails the commit, even while another still runs",
    async (conclusion) => {
      const { sha, state, id } = await pullRequest();
      await harness.apply(
        "check_run",
        checkRunActionEvent({
          id,
          sha,
          name: "slow",
          action: "created",
          status: "in_progress",
          startedAt: t(1),
        }),
      );
      await harness.apply("check_run", completed(id + 1, sha, conclusion));
      expect(await state()).toBe("FAILURE");
    },
  );

  it.each(["success", "neutral", "skipped"])("a run concluding %s passes", async (conclusion) => {
    const { sha, state, id } = await pullRequest();
    await harness.apply("check_run", completed(id, sha, conclusion));
    expect(await state()).toBe("SUCCESS");
  });

  it("is pending while a run is queued or in progress, and a completion that arrives first is not undone by them", async () => {
    const { sha, state, id } = await pullRequest();
    const queued = checkRunActionEvent({
      id,
      sha,
      action: "created",
      status: "queued",
      startedAt: t(1),
    });
    await harness.apply("check_run", queued);
    expect(await state()).toBe("PENDING");
    await harness.apply("check_run", completed(id, sha, "success"));
    expect(await state()).toBe("SUCCESS");
    // The creation delivered late: older than the completion, it changes nothing.
    await harness.apply("check_run", queued);
    expect(await state()).toBe("SUCCESS");
  });

  it("a re-requested run is queued again until it completes again", async () => {
    const { sha, state, id } = await pullRequest();
    await harness.apply("check_run", completed(id, sha, "failure"));
    expect(await state()).toBe("FAILURE");
    // GitHub's rerequested payload shows the run as it was.
    const rerequested = completed(id, sha, "failure");
    rerequested.action = "rerequested";
    await harness.apply("check_run", rerequested);
    expect(await state()).toBe("PENDING");
    const again = checkRunActionEvent({
      id,
      sha,
      action: "completed",
      status: "completed",
      conclusion: "success",
      startedAt: t(5),
      completedAt: t(6),
    });
    await harness.apply("check_run", again);
    expect(await state()).toBe("SUCCESS");
  });

  it("the latest run of a name counts: a re-run that passes replaces a failed one", async () => {
    const { sha, state, id } = await pullRequest();
    await harness.apply("check_run", completed(id, sha, "failure", "test"));
    await harness.apply("check_run", completed(id + 1, sha, "success", "test"));
    expect(await state()).toBe("SUCCESS");
  });

  it("a requested or re-requested suite is pending; a completed one counts by its conclusion", async () => {
    const { sha, state, id } = await pullRequest();
    const suite = (
      action: "requested" | "rerequested" | "completed",
      minute: number,
      conclusion?: string,
    ) =>
      checkSuiteActionEvent({
        id,
        sha,
        action,
        status: action === "requested" ? "queued" : "completed",
        conclusion: conclusion ?? null,
        updatedAt: t(minute),
      });
    await harness.apply("check_suite", suite("requested", 1));
    expect(await state()).toBe("PENDING");
    await harness.apply("check_suite", suite("completed", 2, "success"));
    expect(await state()).toBe("SUCCESS");
    await harness.apply("check_suite", suite("rerequested", 2, "success"));
    expect(await state()).toBe("PENDING");
    await harness.apply("check_suite", suite("completed", 3, "neutral"));
    expect(await state()).toBe("SUCCESS");
  });

  it("statuses count newest per context: pending waits, error fails", async () => {
    const { sha, state, id } = await pullRequest();
    await harness.apply("check_run", completed(id, sha, "success"));
    await harness.apply("status", statusEvent(id + 1, sha, "pending", t(1), "deploy"));
    expect(await state()).toBe("PENDING");
    await harness.apply("status", statusEvent(id + 2, sha, "error", t(2), "deploy"));
    expect(await state()).toBe("FAILURE");
    await harness.apply("status", statusEvent(id + 3, sha, "success", t(3), "deploy"));
    expect(await state()).toBe("SUCCESS");
  });
});
