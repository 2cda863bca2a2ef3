import { DELIVERY_ID_PATTERN } from "@hookline/queue";
import { parseBackfillArguments } from "../src/backfill/backfill-arguments";
import { backfillDeliveryId, checksJobs, pullRequestJob } from "../src/backfill/synthesize-events";

const repository = { id: 4242, full_name: "octo/hookline", html_url: null };

describe("backfill events", () => {
  it("are webhook-shaped, with deterministic delivery ids valid as job ids", () => {
    const pull = {
      id: 900_001,
      number: 1,
      title: "Change",
      user: { login: "octocat" },
      html_url: null,
      state: "open" as const,
      draft: false,
      merged_at: null,
      closed_at: null,
      updated_at: "2026-11-29T07:00:00Z",
      head: { ref: "feature", sha: "abc" },
      base: { ref: "main" },
    };
    const job = pullRequestJob(repository, pull, "2026-11-29T10:00:00.000Z");
    expect(job.deliveryId).toBe("backfill-pull_request-900001-1795935600");
    expect(job.deliveryId).toMatch(DELIVERY_ID_PATTERN);
    expect(pullRequestJob(repository, pull, "2026-11-29T11:00:00.000Z").deliveryId).toBe(
      job.deliveryId,
    );
    const payload = JSON.parse(job.body);
    // One millisecond before its second: a webhook of the same second wins the tie.
    expect(payload.pull_request.updated_at).toBe("2026-11-29T06:59:59.999Z");
    expect(payload).toMatchObject({
      action: "backfill",
      repository,
      pull_request: { number: 1, state: "open" },
    });
    expect(backfillDeliveryId("status", 2 ** 40)).toMatch(DELIVERY_ID_PATTERN);
  });

  it("carry check runs not completed yet as created, as their webhook says", () => {
    const run = (id: number, status: string) => ({
      id,
      name: "ci",
      head_sha: "abc",
      status,
      completed_at: null,
      started_at: null,
      pull_requests: [],
    });
    const jobs = checksJobs(
      repository,
      {
        sha: "abc",
        checkRuns: [run(1, "completed"), run(2, "in_progress")],
        checkSuites: [],
        statuses: [],
      },
      "2026-11-29T10:00:00.000Z",
    );
    expect(jobs.map((job) => [job.deliveryId, job.action])).toEqual([
      ["backfill-check_run-1-0", "completed"],
      ["backfill-check_run_in_progress-2-0", "created"],
    ]);
  });
});

describe("parseBackfillArguments", () => {
  it("takes --repo (repeatable) or --all, not both, not neither", () => {
    expect(parseBackfillArguments(["--repo", "octo/a", "--repo", "octo/b"])).toEqual({
      all: false,
      repositories: ["octo/a", "octo/b"],
    });
    expect(parseBackfillArguments(["--all"])).toEqual({ all: true });
    expect(() => parseBackfillArguments([])).toThrow(/usage/);
    expect(() => parseBackfillArguments(["--all", "--repo", "octo/a"])).toThrow(/usage/);
    expect(() => parseBackfillArguments(["--repo", "not a repo"])).toThrow(/usage/);
  });
});
