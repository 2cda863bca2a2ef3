import { pullRequestEvent } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

// Issue 17, item 3 (the worker's half): two pull_request snapshots of the
// same updated_at second (GitHub's resolution) are ordered by a rule that
// does not depend on the delivery id, which GitHub's signature does not
// cover: anyone holding one signed body could re-send it under a chosen id.
const SECOND = "2026-12-02T08:00:00Z";

describe("snapshots of the same second", () => {
  let harness: WorkerHarness;
  beforeEach(async () => {
    harness = await createWorkerHarness();
  });
  afterEach(() => harness.close());

  const stored = (number: number) =>
    harness.prisma.pullRequest.findFirstOrThrow({ where: { number } });
  const notifications = async () =>
    (await harness.notificationQueue.getJobs(["prioritized", "waiting"])).length;

  it.each([
    ["opened's id sorts last", "z-opened", "a-edited"],
    ["opened's id sorts first", "a-opened", "z-edited"],
  ])("orders by what the actions imply (%s): opened comes first", async (_name, first, second) => {
    const opened = pullRequestEvent({ number: 1, action: "opened", updatedAt: SECOND });
    const edited = pullRequestEvent({
      number: 1,
      action: "edited",
      updatedAt: SECOND,
      title: "Renamed",
    });
    for (const order of [
      [opened, first, edited, second],
      [edited, second, opened, first],
    ] as const) {
      await harness.prisma.pullRequestEvent.deleteMany();
      await harness.prisma.pullRequestCommit.deleteMany();
      await harness.prisma.pullRequest.deleteMany();
      await harness.prisma.webhookDelivery.deleteMany();
      await harness.apply("pull_request", order[0], order[1]);
      await harness.apply("pull_request", order[2], order[3]);
      expect((await stored(1)).title).toBe("Renamed");
    }
  });

  it("a merged snapshot stays merged against any other of its second", async () => {
    const merged = pullRequestEvent({
      number: 2,
      action: "closed",
      updatedAt: SECOND,
      state: "closed",
      merged: true,
    });
    const labeled = pullRequestEvent({ number: 2, action: "labeled", updatedAt: SECOND });
    await harness.apply("pull_request", merged, "a-merged");
    await harness.apply("pull_request", labeled, "z-labeled");
    expect((await stored(2)).state).toBe("MERGED");
  });

  it("a signed body re-sent under other delivery ids changes nothing and announces nothing", async () => {
    const closed = pullRequestEvent({
      number: 3,
      action: "closed",
      updatedAt: SECOND,
      state: "closed",
    });
    const reopened = pullRequestEvent({ number: 3, action: "reopened", updatedAt: SECOND });
    await harness.apply(
      "pull_request",
      pullRequestEvent({ number: 3, action: "opened", updatedAt: "2026-12-02T07:00:00Z" }),
      "m-opened",
    );
    await harness.apply("pull_request", closed, "m-closed");
    await harness.apply("pull_request", reopened, "m-reopened");
    const before = await stored(3);
    const sent = await notifications();
    // Whichever body lost the tie, re-sent under ids that sort before and after every other.
    for (const [body, ids] of [
      [closed, ["0-closed-again", "zzzz-closed-again"]],
      [reopened, ["0-reopened-again", "zzzz-reopened-again"]],
    ] as const)
      for (const id of ids) expect(await harness.apply("pull_request", body, id)).toBe("processed");
    const after = await stored(3);
    expect([after.state, after.version, after.stateDigest]).toEqual([
      before.state,
      before.version,
      before.stateDigest,
    ]);
    expect(await notifications()).toBe(sent);
  });

  it("a drift detector's REST read wins its second and loses to a newer webhook", async () => {
    const resync = pullRequestEvent({
      number: 5,
      action: "resync",
      updatedAt: SECOND,
      title: "From REST",
    });
    const sameSecond = pullRequestEvent({
      number: 5,
      action: "edited",
      updatedAt: SECOND,
      title: "Webhook",
    });
    const newer = pullRequestEvent({
      number: 5,
      action: "edited",
      updatedAt: "2026-12-02T08:00:01Z",
      title: "Newer webhook",
    });
    await harness.apply("pull_request", sameSecond, "w-1");
    await harness.apply("pull_request", resync, "resync-1");
    expect((await stored(5)).title).toBe("From REST");
    await harness.apply("pull_request", sameSecond, "w-2");
    expect((await stored(5)).title).toBe("From REST");
    await harness.apply("pull_request", newer, "w-3");
    expect((await stored(5)).title).toBe("Newer webhook");
  });

  it("ends the same whichever arrives first, with any ids", async () => {
    const closed = pullRequestEvent({
      number: 4,
      action: "closed",
      updatedAt: SECOND,
      state: "closed",
    });
    const reopened = pullRequestEvent({ number: 4, action: "reopened", updatedAt: SECOND });
    const results = [];
    for (const [first, second] of [
      [
        [closed, "a"],
        [reopened, "b"],
      ],
      [
        [reopened, "a"],
        [closed, "b"],
      ],
      [
        [closed, "b"],
        [reopened, "a"],
      ],
      [
        [reopened, "b"],
        [closed, "a"],
      ],
    ] as const) {
      await harness.prisma.pullRequestEvent.deleteMany();
      await harness.prisma.pullRequestCommit.deleteMany();
      await harness.prisma.pullRequest.deleteMany();
      await harness.prisma.webhookDelivery.deleteMany();
      await harness.apply("pull_request", first[0], first[1]);
      await harness.apply("pull_request", second[0], second[1]);
      results.push((await stored(4)).state);
    }
    expect(new Set(results).size).toBe(1);
  });
});
