import { randomUUID } from "node:crypto";
import { checkRunEvent, pullRequestEvent } from "@hookline/test-utils";
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

  it("emits pr.checks.failed and pr.checks.passed as the head commit's checks reach a verdict", async () => {
    await harness.apply(
      "pull_request",
      pullRequestEvent({
        number: 10,
        action: "opened",
        updatedAt: "2026-11-28T09:00:00Z",
        headSha: "c1",
      }),
    );
    await harness.apply("check_run", checkRunEvent(701, "c1", "failure", "2026-11-28T09:01:00Z"));
    await harness.apply(
      "pull_request",
      pullRequestEvent({
        number: 10,
        action: "synchronize",
        updatedAt: "2026-11-28T09:02:00Z",
        headSha: "c2",
      }),
    );
    await harness.apply("check_run", checkRunEvent(702, "c2", "success", "2026-11-28T09:03:00Z"));
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
    const jobs = await harness.notificationQueue.getJobs(["prioritized", "waiting"]);
    const sent = jobs
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((job) => `${job.data.event_type}:${job.data.priority}`);
    expect(sent).toEqual([
      "pr.created:medium",
      "pr.checks.failed:high",
      "pr.updated:medium",
      "pr.checks.passed:medium",
      "pr.merged:medium",
    ]);
  });
});
