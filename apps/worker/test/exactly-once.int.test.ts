import { randomUUID } from "node:crypto";
import { checkRunActionEvent, pullRequestEvent } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

describe("exactly-once effects", () => {
  let harness: WorkerHarness;
  beforeEach(async () => {
    harness = await createWorkerHarness();
  });
  afterEach(() => harness.close());

  it("applies a delivery once however often and however concurrently it runs", async () => {
    const deliveryId = randomUUID();
    const payload = pullRequestEvent({
      number: 7,
      action: "opened",
      updatedAt: "2026-11-28T09:00:00Z",
    });
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(() => harness.apply("pull_request", payload, deliveryId)),
    );
    expect(outcomes.sort()).toEqual(["duplicate", "duplicate", "duplicate", "processed"]);
    expect(await harness.apply("pull_request", payload, deliveryId)).toBe("duplicate");
    expect(await harness.prisma.pullRequestEvent.count({ where: { deliveryId } })).toBe(1);
    expect(
      await harness.prisma.webhookDelivery.findUniqueOrThrow({ where: { deliveryId } }),
    ).toMatchObject({ status: "PROCESSED", attempts: 1 });
  });

  it("emits each notification once, under an id derived from the delivery id", async () => {
    const deliveryId = randomUUID();
    const payload = pullRequestEvent({
      number: 8,
      action: "opened",
      updatedAt: "2026-11-28T09:00:00Z",
    });
    await harness.apply("pull_request", payload, deliveryId);
    await harness.apply("pull_request", payload, deliveryId);
    const jobs = await harness.notificationQueue.getJobs(["prioritized", "waiting"]);
    expect(jobs.map((job) => job.id)).toEqual([`${deliveryId}.900008.pr.created`]);
    expect(jobs[0]!.data).toMatchObject({
      event_type: "pr.created",
      priority: "medium",
      source: "worker",
      data: {
        repository: "octo/hookline",
        number: 8,
        pr_id: "900008",
        state: "OPEN",
        delivery_id: deliveryId,
      },
    });
  });

  it("re-sends the outbox when a retry finds the delivery already applied (crash between commit and enqueue)", async () => {
    const deliveryId = randomUUID();
    await harness.apply(
      "pull_request",
      pullRequestEvent({ number: 9, action: "opened", updatedAt: "2026-11-28T09:00:00Z" }),
      deliveryId,
    );
    await harness.notificationQueue.obliterate({ force: true }); // as if the enqueue had never happened
    expect(
      await harness.apply(
        "pull_request",
        pullRequestEvent({ number: 9, action: "opened", updatedAt: "2026-11-28T09:00:00Z" }),
        deliveryId,
      ),
    ).toBe("duplicate");
    const jobs = await harness.notificationQueue.getJobs(["prioritized", "waiting"]);
    expect(jobs.map((job) => job.data.event_type)).toEqual(["pr.created"]);
  });

  it("emits pr.checks.passed only when every known check of the head commit has passed", async () => {
    const sentSoFar = async () => {
      const jobs = await harness.notificationQueue.getJobs(["prioritized", "waiting"]);
      return jobs
        .sort((a, b) => a.timestamp - b.timestamp)
        .map((job) => `${job.data.event_type}:${job.data.priority}`);
    };
    const run = (id: number, sha: string, name: string) => ({
      queued: (at: string) =>
        checkRunActionEvent({ id, sha, name, action: "created", status: "queued", startedAt: at }),
      started: (at: string) =>
        checkRunActionEvent({
          id,
          sha,
          name,
          action: "created",
          status: "in_progress",
          startedAt: at,
        }),
      completed: (conclusion: string, startedAt: string, completedAt: string) =>
        checkRunActionEvent({
          id,
          sha,
          name,
          action: "completed",
          status: "completed",
          conclusion,
          startedAt,
          completedAt,
        }),
    });
    await harness.apply(
      "pull_request",
      pullRequestEvent({
        number: 10,
        action: "opened",
        updatedAt: "2026-11-28T09:00:00Z",
        headSha: "c1",
      }),
    );
    // Two checks on c1: A queued, B in progress; A passes while B still runs.
    const [a1, b1] = [run(701, "c1", "A"), run(702, "c1", "B")];
    await harness.apply("check_run", a1.queued("2026-11-28T09:00:10Z"));
    await harness.apply("check_run", b1.started("2026-11-28T09:00:11Z"));
    await harness.apply(
      "check_run",
      a1.completed("success", "2026-11-28T09:00:10Z", "2026-11-28T09:01:00Z"),
    );
    // Pending since A was queued; A passing while B runs changes nothing.
    expect(await sentSoFar()).toEqual(["pr.created:medium", "pr.checks.pending:medium"]);
    expect(
      (await harness.prisma.pullRequest.findUniqueOrThrow({ where: { id: 900_010n } })).checksState,
    ).toBe("PENDING");
    // B fails: the commit fails.
    await harness.apply(
      "check_run",
      b1.completed("failure", "2026-11-28T09:00:11Z", "2026-11-28T09:01:30Z"),
    );
    await harness.apply(
      "pull_request",
      pullRequestEvent({
        number: 10,
        action: "synchronize",
        updatedAt: "2026-11-28T09:02:00Z",
        headSha: "c2",
      }),
    );
    // On c2 both pass, B last: passed only then.
    const [a2, b2] = [run(703, "c2", "A"), run(704, "c2", "B")];
    await harness.apply("check_run", a2.queued("2026-11-28T09:02:10Z"));
    await harness.apply("check_run", b2.queued("2026-11-28T09:02:11Z"));
    await harness.apply(
      "check_run",
      a2.completed("success", "2026-11-28T09:02:10Z", "2026-11-28T09:03:00Z"),
    );
    expect((await sentSoFar()).at(-1)).toBe("pr.checks.pending:medium");
    await harness.apply(
      "check_run",
      b2.completed("success", "2026-11-28T09:02:11Z", "2026-11-28T09:03:30Z"),
    );
    await harness.apply(
      "pull_request",
      pullRequestEvent({
        number: 10,
        action: "closed",
        updatedAt: "2026-11-28T09:04:00Z",
        headSha: "c2",
        state: "closed",
        merged: true,
      }),
    );
    expect(await sentSoFar()).toEqual([
      "pr.created:medium",
      "pr.checks.pending:medium",
      "pr.checks.failed:high",
      "pr.updated:medium",
      "pr.checks.pending:medium",
      "pr.checks.passed:medium",
      "pr.merged:medium",
    ]);
  });
});
