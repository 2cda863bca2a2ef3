import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";
import {
  at,
  checkRun,
  checkSuite,
  linkedPullRequest,
  pullRequest,
  status,
  step,
} from "./support/state-scenario";

// harbor-io/app and a fork of it; both have a pull request #5.
const APP = { id: 7001, owner: "harbor-io", name: "app" };
const FORK = { id: 7002, owner: "someone", name: "app" };
const APP_PR = 7001 * 1000 + 5;
const FORK_PR = 7002 * 1000 + 5;

describe("pull_requests entries of check events", () => {
  let harness: WorkerHarness;
  beforeEach(async () => {
    harness = await createWorkerHarness();
    const opened = (repository: typeof APP, headSha: string) =>
      pullRequest({ number: 5, action: "opened", updatedAt: at(1, 0), headSha, repository });
    await harness.apply("pull_request", opened(APP, "sha-a"));
    await harness.apply("pull_request", opened(FORK, "sha-f"));
  });
  afterEach(() => harness.close());

  async function linked(pullRequestId: number, deliveryId: string) {
    const history = await harness.prisma.pullRequestEvent.count({
      where: { pullRequestId: BigInt(pullRequestId), deliveryId },
    });
    const commits = await harness.prisma.pullRequestCommit.findMany({
      where: { pullRequestId: BigInt(pullRequestId) },
      select: { sha: true },
      orderBy: { sha: "asc" },
    });
    return { history, commits: commits.map((commit) => commit.sha) };
  }

  it("never links a check_run to a pull request of another repository with the same number", async () => {
    // GitHub lists the fork's pull request #5 in a check_run of harbor-io/app.
    const check = step(
      "check_run",
      checkRun(801, "sha-s", "failure", at(1, 5), {
        repository: APP,
        pullRequests: [linkedPullRequest(5, FORK.id, "sha-s")],
      }),
    );
    await harness.apply(check.event, check.payload, check.deliveryId);
    expect(await linked(APP_PR, check.deliveryId)).toEqual({ history: 0, commits: ["sha-a"] });
    expect(await linked(FORK_PR, check.deliveryId)).toEqual({ history: 0, commits: ["sha-f"] });
    const row = await harness.prisma.pullRequest.findUniqueOrThrow({
      where: { id: BigInt(APP_PR) },
    });
    expect(row.checksState).toBe("NONE");
  });

  it("never links a check_suite through fork entries either", async () => {
    const suite = step(
      "check_suite",
      checkSuite(901, "sha-s", "success", at(1, 6), {
        repository: APP,
        pullRequests: [linkedPullRequest(5, FORK.id, "sha-s")],
      }),
    );
    await harness.apply(suite.event, suite.payload, suite.deliveryId);
    expect(await linked(APP_PR, suite.deliveryId)).toEqual({ history: 0, commits: ["sha-a"] });
  });

  it("links an entry whose base repository is the event's repository", async () => {
    const check = step(
      "check_run",
      checkRun(802, "sha-s", "success", at(1, 7), {
        repository: APP,
        pullRequests: [
          linkedPullRequest(5, FORK.id, "sha-s"),
          linkedPullRequest(5, APP.id, "sha-s"),
        ],
      }),
    );
    await harness.apply(check.event, check.payload, check.deliveryId);
    expect(await linked(APP_PR, check.deliveryId)).toEqual({
      history: 1,
      commits: ["sha-a", "sha-s"],
    });
    expect(await linked(FORK_PR, check.deliveryId)).toEqual({ history: 0, commits: ["sha-f"] });
  });

  it("links a status (which names no pull request) by head SHA within its repository only", async () => {
    // The fork's head is sha-f; a status for sha-f in harbor-io/app is not the fork's.
    const own = step("status", status(811, "sha-a", "failure", at(1, 8), { repository: APP }));
    const other = step("status", status(812, "sha-f", "failure", at(1, 8), { repository: APP }));
    for (const s of [own, other]) await harness.apply(s.event, s.payload, s.deliveryId);
    expect((await linked(APP_PR, own.deliveryId)).history).toBe(1);
    expect((await linked(FORK_PR, other.deliveryId)).history).toBe(0);
    const fork = await harness.prisma.pullRequest.findUniqueOrThrow({
      where: { id: BigInt(FORK_PR) },
    });
    expect(fork.checksState).toBe("NONE");
  });
});
