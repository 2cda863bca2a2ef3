import { randomUUID } from "node:crypto";
import { eventJob, waitForJob } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";
import { isPermanentDatabaseError } from "../src/apply/permanent-error";
import { at, pullRequest, status, step } from "./support/state-scenario";

describe("payloads PostgreSQL would refuse", () => {
  let harness: WorkerHarness;
  beforeAll(async () => {
    harness = await createWorkerHarness();
    await harness.startWorker();
  });
  afterAll(() => harness.close());

  it("stores a status whose description holds NUL, with the character replaced", async () => {
    const opened = step(
      "pull_request",
      pullRequest({ number: 4, action: "opened", updatedAt: at(0, 0), headSha: "n1" }),
    );
    await harness.apply(opened.event, opened.payload, opened.deliveryId);
    const deliveryId = randomUUID();
    const payload = status(4401, "n1", "success", at(0, 1), { description: "build\u0000 ok" });
    await harness.incomingQueue.add("github", eventJob("status", payload, deliveryId), {
      jobId: deliveryId,
      attempts: 4,
      backoff: { type: "fixed", delay: 100 },
    });
    const job = await waitForJob(harness.incomingQueue, deliveryId, ["completed", "failed"]);
    expect(job!.failedReason).toBeUndefined();
    expect(
      await harness.prisma.commitStatus.findUniqueOrThrow({ where: { id: 4401n } }),
    ).toMatchObject({ description: "build\uFFFD ok" });
    expect(
      await harness.prisma.webhookDelivery.findUniqueOrThrow({ where: { deliveryId } }),
    ).toMatchObject({ status: "PROCESSED", attempts: 1 });
    const row = await harness.prisma.pullRequest.findFirstOrThrow({ where: { number: 4 } });
    expect(row.checksState).toBe("SUCCESS");
  });

  it("stores unpaired surrogates and NUL in names and titles, replaced the same way", async () => {
    const payload = pullRequest({
      number: 5,
      action: "opened",
      updatedAt: at(0, 0),
      title: "fix \uD800 and \uDFFF and \u0000 \u202Eevil\u202C 👩‍💻",
    });
    payload.pull_request.head.ref = "branch\u0000name";
    payload.sender.login = "bot\uD83D";
    const deliveryId = randomUUID();
    expect(await harness.apply("pull_request", payload, deliveryId)).toBe("processed");
    const row = await harness.prisma.pullRequest.findFirstOrThrow({ where: { number: 5 } });
    expect(row.title).toBe("fix \uFFFD and \uFFFD and \uFFFD \u202Eevil\u202C 👩‍💻");
    expect(row.headRef).toBe("branch\uFFFDname");
    const history = await harness.prisma.pullRequestEvent.findFirstOrThrow({
      where: { deliveryId },
    });
    expect(history.metadata).toMatchObject({ sender: "bot\uFFFD" });
  });

  it("fails an event that can never be applied once, at once, with the reason in job and ledger", async () => {
    const deliveryId = randomUUID();
    // A pull request number beyond what the column holds.
    const payload = pullRequest({ number: 2 ** 31, action: "opened", updatedAt: at(0, 0) });
    await harness.incomingQueue.add("github", eventJob("pull_request", payload, deliveryId), {
      jobId: deliveryId,
      attempts: 5,
      backoff: { type: "fixed", delay: 100 },
    });
    const job = await waitForJob(harness.incomingQueue, deliveryId, ["failed"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = (await harness.incomingQueue.getJob(deliveryId))!;
    expect(await again.isFailed()).toBe(true);
    expect(again.attemptsMade).toBe(1);
    expect(job!.failedReason).toMatch(/number/);
    const delivery = await harness.prisma.webhookDelivery.findUniqueOrThrow({
      where: { deliveryId },
    });
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(delivery.lastError).toMatch(/number/);
  });

  it("stores SHAs and contexts longer than an index entry holds, each still distinct", async () => {
    const sha = "f".repeat(30_000);
    const opened = pullRequest({ number: 6, action: "opened", updatedAt: at(0, 0), headSha: sha });
    expect(await harness.apply("pull_request", opened)).toBe("processed");
    const contexts = ["c".repeat(20_000) + "-one", "c".repeat(20_000) + "-two"];
    for (const [index, context] of contexts.entries())
      expect(
        await harness.apply("status", status(4600 + index, sha, "success", at(0, 1), { context })),
      ).toBe("processed");
    const stored = await harness.prisma.commitStatus.findMany({
      where: { id: { in: [4600n, 4601n] } },
    });
    expect(new Set(stored.map((row) => row.context)).size).toBe(2);
    const row = await harness.prisma.pullRequest.findFirstOrThrow({ where: { number: 6 } });
    expect(row.checksState).toBe("SUCCESS");
  });

  it("tells a permanent database error from one worth retrying, as Prisma reports them", async () => {
    const permanent = await harness.prisma.$queryRaw`SELECT 1 / 0`.catch((error: unknown) => error);
    expect(isPermanentDatabaseError(permanent)).toBe(true);
    const tooBig = await harness.prisma.$queryRaw`SELECT ${2 ** 40}::int`.catch(
      (error: unknown) => error,
    );
    expect(isPermanentDatabaseError(tooBig)).toBe(true);
    const missing = await harness.prisma.$queryRaw`SELECT * FROM no_such_table`.catch(
      (error: unknown) => error,
    );
    expect(isPermanentDatabaseError(missing)).toBe(false);
  });
});
