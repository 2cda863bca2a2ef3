import {
  checkRunActionEvent,
  FakeGithub,
  githubExamples,
  pullRequestEvent,
} from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

// Issue 17, item 1: where GitHub API access is configured, the base branch's
// required checks (branch protection and rulesets, read through octokit from
// the fake GitHub on 127.0.0.1, cached, refreshed on branch_protection_rule /
// repository_ruleset) must all be present and passing before SUCCESS.
const TOKEN = "github_pat_required";
const t = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString();

describe("required checks", () => {
  let github: FakeGithub;
  let harness: WorkerHarness;
  beforeAll(async () => {
    github = await new FakeGithub({ tokens: [TOKEN] }).start();
    github.repositories.set("octo/hookline", {
      repository: {
        id: 4242,
        full_name: "octo/hookline",
        html_url: "https://github.com/octo/hookline",
      },
      pulls: [],
      checkRuns: new Map(),
      checkSuites: new Map(),
      statuses: new Map(),
      protection: new Map([["master", [{ context: "ci" }]]]),
      rulesets: new Map([["master", [{ context: "lint", app_id: 15368 }]]]),
    });
    harness = await createWorkerHarness({
      env: { GITHUB_API_URL: github.url, GITHUB_TOKEN: TOKEN },
    });
  });
  afterAll(async () => {
    await harness.close();
    await github.close();
  });

  const stored = () => harness.prisma.pullRequest.findFirstOrThrow({ where: { number: 40 } });
  const sent = async () =>
    (await harness.notificationQueue.getJobs(["prioritized", "waiting"]))
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((job) => [job.data.event_type, job.data.data.required_checks_known]);
  const passed = (id: number, name: string) =>
    checkRunActionEvent({
      id,
      sha: "req-1",
      name,
      action: "completed",
      status: "completed",
      conclusion: "success",
      startedAt: t(1),
      completedAt: t(2),
    });

  it("keeps a pull request pending until every required check has passed, and follows a ruleset change", async () => {
    await harness.apply(
      "pull_request",
      pullRequestEvent({ number: 40, action: "opened", updatedAt: t(0), headSha: "req-1" }),
    );
    expect(await stored()).toMatchObject({ checksState: "PENDING", requiredChecksKnown: true });
    const cached = await harness.prisma.requiredChecks.findMany();
    expect(cached.map((row) => [row.branch, row.checks])).toEqual([
      [
        "master",
        [
          { context: "ci", app_id: null },
          { context: "lint", app_id: 15368 },
        ],
      ],
    ]);

    await harness.apply("check_run", passed(4001, "ci"));
    expect((await stored()).checksState).toBe("PENDING"); // lint, required by a ruleset, not seen yet
    await harness.apply("check_run", passed(4002, "lint"));
    expect((await stored()).checksState).toBe("SUCCESS");

    // A ruleset now also requires "deploy": the change event refreshes the cache.
    github.repositories
      .get("octo/hookline")!
      .rulesets!.set("master", [{ context: "lint", app_id: 15368 }, { context: "deploy" }]);
    const change = githubExamples("branch_protection_rule")[0]!;
    change.repository = { ...change.repository, id: 4242, full_name: "octo/hookline" };
    expect(await harness.apply("repository_ruleset", change)).toBe("processed");
    expect((await stored()).checksState).toBe("PENDING");
    expect(await sent()).toEqual([
      ["pr.created", undefined],
      ["pr.checks.passed", true],
      ["pr.checks.pending", true],
    ]);
    // Cached: a later event of the same branch does not ask GitHub again.
    const asked = github.requests.filter((request) =>
      request.path.includes("required_status_checks"),
    ).length;
    await harness.apply(
      "pull_request",
      pullRequestEvent({
        number: 40,
        action: "edited",
        updatedAt: t(5),
        headSha: "req-1",
        title: "Edited",
      }),
    );
    expect(
      github.requests.filter((request) => request.path.includes("required_status_checks")),
    ).toHaveLength(asked);
  });
});
