import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { eventJob, waitFor } from "@hookline/test-utils";
import { at, checkRun, pullRequest, status } from "./support/state-scenario";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

// Issue 17, item 4: a check result and a synchronize of the same pull request
// at once used to deadlock in PostgreSQL (40P01): the signal's history rows
// took FOR KEY SHARE on the pull request before its recompute asked FOR
// UPDATE, so two such transactions waited on each other.
const PULL_REQUESTS = [1, 2, 3];
const ROUNDS = 6;
const REPLICAS = 3;

describe("signals and pull-request events of one pull request, at once on several replicas", () => {
  let harness: WorkerHarness;
  const logs: string[] = [];
  beforeAll(async () => {
    const logStream = new PassThrough();
    logStream.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
    harness = await createWorkerHarness({
      logStream,
      yaml: "worker:\n  concurrency: 8\n",
    });
  });
  afterAll(() => harness.close());

  it("never deadlocks: no 40P01 in the ledger or the logs, every event applied at its first attempt", async () => {
    const head = (number: number, round: number) => `sha-${number}-${round}`;
    for (const number of PULL_REQUESTS)
      await harness.apply(
        "pull_request",
        pullRequest({ number, action: "opened", updatedAt: at(9, 0), headSha: head(number, 0) }),
      );
    let nextId = 1;
    const events: Array<{ event: string; payload: object }> = [];
    for (let round = 1; round <= ROUNDS; round += 1)
      for (const number of PULL_REQUESTS) {
        const [old, now] = [head(number, round - 1), head(number, round)];
        events.push(
          {
            event: "pull_request",
            payload: pullRequest({
              number,
              action: "synchronize",
              updatedAt: at(9, round),
              headSha: now,
            }),
          },
          // Late results on the old head, and new ones on the new head.
          { event: "check_run", payload: checkRun(nextId++, old, "failure", at(9, round)) },
          { event: "check_run", payload: checkRun(nextId++, now, "success", at(9, round)) },
          { event: "status", payload: status(nextId++, old, "success", at(9, round)) },
          { event: "status", payload: status(nextId++, now, "pending", at(9, round)) },
          {
            event: "check_run",
            payload: checkRun(nextId++, now, "success", at(9, round), { name: "lint" }),
          },
        );
      }
    await harness.incomingQueue.addBulk(
      events.map(({ event, payload }) => {
        const id = randomUUID();
        return { name: "github", data: eventJob(event, payload, id), opts: { jobId: id } };
      }),
    );
    for (let replica = 0; replica < REPLICAS; replica += 1) await harness.startWorker();
    await waitFor(
      async () =>
        (await harness.prisma.webhookDelivery.count({ where: { status: "PROCESSED" } })) ===
        PULL_REQUESTS.length + events.length,
      { timeoutMs: 60_000, what: "every event processed" },
    );
    const retried = await harness.prisma.webhookDelivery.findMany({
      where: { OR: [{ attempts: { gt: 1 } }, { lastError: { not: null } }] },
    });
    expect(retried).toEqual([]);
    expect(logs.filter((line) => /40P01|deadlock/i.test(line))).toEqual([]);
    expect(logs.filter((line) => line.includes("event failed"))).toEqual([]);
    // And the result is what GitHub shows: every head's own checks.
    const stored = await harness.prisma.pullRequest.findMany({ orderBy: { number: "asc" } });
    expect(stored.map((pr) => [pr.number, pr.headSha, pr.checksState])).toEqual(
      PULL_REQUESTS.map((number) => [number, head(number, ROUNDS), "PENDING"]),
    );
  }, 90_000);
});
