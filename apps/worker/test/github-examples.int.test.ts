import { randomUUID } from "node:crypto";
import { githubExamples } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

describe("the worker on GitHub's example payloads", () => {
  let harness: WorkerHarness;
  beforeAll(async () => {
    harness = await createWorkerHarness();
  });
  afterAll(() => harness.close());

  it.each(
    githubExamples("pull_request").map(
      (payload, index) => [`${payload.action} #${index}`, payload] as const,
    ),
  )("applies pull_request %s", async (_name, payload) => {
    const deliveryId = randomUUID();
    expect(await harness.apply("pull_request", payload, deliveryId)).toBe("processed");
    const pr = await harness.prisma.pullRequest.findUniqueOrThrow({
      where: { id: BigInt(payload.pull_request.id) },
    });
    expect(pr).toMatchObject({
      number: payload.pull_request.number,
      headSha: payload.pull_request.head.sha,
      baseRef: payload.pull_request.base.ref,
    });
    const expectedState = payload.pull_request.merged
      ? "MERGED"
      : payload.pull_request.state === "closed"
        ? "CLOSED"
        : "OPEN";
    const history = await harness.prisma.pullRequestEvent.findFirstOrThrow({
      where: { deliveryId },
    });
    expect(history).toMatchObject({
      toState: expectedState,
      metadata: {
        github_event: "pull_request",
        action: payload.action,
        delivery_id: deliveryId,
        sender: payload.sender.login,
      },
    });
    expect(history.triggerEvent).toBe(
      payload.action === "merged" ? "OTHER" : payload.action.toUpperCase(),
    );
    const delivery = await harness.prisma.webhookDelivery.findUniqueOrThrow({
      where: { deliveryId },
    });
    expect(delivery).toMatchObject({
      status: "PROCESSED",
      event: "pull_request",
      action: payload.action,
      attempts: 1,
      lastError: null,
    });
  });

  const TRIGGERS: Record<string, string> = {
    created: "CHECK_RUN_CREATED",
    completed: "COMPLETED",
    rerequested: "REREQUESTED",
    requested: "CHECK_SUITE_REQUESTED",
  };

  it.each(
    [...githubExamples("check_run"), ...githubExamples("check_suite")]
      .filter((payload) => payload.action !== "requested_action")
      .map((payload, index) => [index, payload.action, payload] as const),
  )(
    "stores check example %i (%s) and links it to the pull request by head SHA",
    async (index, action, payload) => {
      const isRun = "check_run" in payload;
      const check = isRun ? payload.check_run : payload.check_suite;
      // GitHub's examples share ids and commits across actions: one commit each here.
      check.id = 7_000_000 + index;
      check.head_sha = `${check.head_sha.slice(0, 36)}${String(index).padStart(4, "0")}`;

      // A pull request on the check's commit, opened first.
      const pr = githubExamples("pull_request")[0]!;
      pr.repository = payload.repository;
      pr.pull_request.id = check.id + 1;
      pr.pull_request.number = 10_000 + (check.id % 10_000);
      pr.pull_request.head.sha = check.head_sha;
      await harness.apply("pull_request", pr);

      const deliveryId = randomUUID();
      expect(await harness.apply(isRun ? "check_run" : "check_suite", payload, deliveryId)).toBe(
        "processed",
      );
      const stored = isRun
        ? await harness.prisma.checkRun.findUniqueOrThrow({ where: { id: BigInt(check.id) } })
        : await harness.prisma.checkSuite.findUniqueOrThrow({ where: { id: BigInt(check.id) } });
      // A re-request puts the check back in the queue: its payload shows it as it was.
      const completed = action === "completed";
      expect(stored).toMatchObject({
        headSha: check.head_sha,
        conclusion: completed || action !== "rerequested" ? check.conclusion : null,
      });
      const history = await harness.prisma.pullRequestEvent.findFirstOrThrow({
        where: { deliveryId, pullRequestId: BigInt(pr.pull_request.id) },
      });
      expect(history.triggerEvent).toContain(TRIGGERS[action]);
      expect(history.triggerEvent).toContain(isRun ? "CHECK_RUN" : "CHECK_SUITE");
      const row = await harness.prisma.pullRequest.findUniqueOrThrow({
        where: { id: BigInt(pr.pull_request.id) },
      });
      const passed = ["success", "neutral", "skipped"].includes(check.conclusion);
      expect(row.checksState).toBe(
        completed && check.status === "completed" ? (passed ? "SUCCESS" : "FAILURE") : "PENDING",
      );
    },
  );

  it.each(githubExamples("status").map((payload, index) => [index, payload] as const))(
    "stores status example %i",
    async (_index, payload) => {
      const deliveryId = randomUUID();
      expect(await harness.apply("status", payload, deliveryId)).toBe("processed");
      const stored = await harness.prisma.commitStatus.findUniqueOrThrow({
        where: { id: BigInt(payload.id) },
      });
      expect(stored).toMatchObject({
        sha: payload.sha,
        context: payload.context,
        state: payload.state,
      });
    },
  );

  it("records events it does not handle as ignored, never as errors", async () => {
    const deliveryId = randomUUID();
    expect(await harness.apply("issues", { action: "opened" }, deliveryId)).toBe("ignored");
    // requested_action asks the App that owns a run to act; it changes nothing stored.
    const asked = githubExamples("check_run").find(
      (payload) => payload.action === "requested_action",
    )!;
    expect(await harness.apply("check_run", asked)).toBe("ignored");
    expect(
      await harness.prisma.webhookDelivery.findUniqueOrThrow({ where: { deliveryId } }),
    ).toMatchObject({ status: "IGNORED" });
  });
});
