import { randomUUID } from "node:crypto";
import { checkRunEvent, pullRequestEvent, statusEvent } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

interface Delivery {
  event: string;
  payload: object;
  deliveryId: string;
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 9, minute)).toISOString();

// Two pull requests' lives, each delivery with a fixed id, as GitHub would send them.
function deliveries(): Delivery[] {
  const pr = (snapshot: Parameters<typeof pullRequestEvent>[0]) => ({
    event: "pull_request",
    payload: pullRequestEvent(snapshot),
  });
  const list = [
    pr({ number: 1, action: "opened", updatedAt: at(0), headSha: "a1" }),
    pr({ number: 1, action: "labeled", updatedAt: at(1), headSha: "a1" }),
    pr({ number: 1, action: "synchronize", updatedAt: at(2), headSha: "a2" }),
    pr({ number: 1, action: "edited", updatedAt: at(3), headSha: "a2", title: "Better title" }),
    pr({ number: 1, action: "closed", updatedAt: at(4), headSha: "a2", state: "closed" }),
    pr({ number: 1, action: "reopened", updatedAt: at(5), headSha: "a2" }),
    pr({ number: 1, action: "synchronize", updatedAt: at(6), headSha: "a3" }),
    pr({
      number: 1,
      action: "closed",
      updatedAt: at(9),
      headSha: "a3",
      state: "closed",
      merged: true,
    }),
    { event: "check_run", payload: checkRunEvent(501, "a2", "failure", at(3)) },
    { event: "check_run", payload: checkRunEvent(502, "a3", "success", at(7)) },
    { event: "status", payload: statusEvent(601, "a3", "success", at(8)) },
    pr({ number: 2, action: "opened", updatedAt: at(0), headSha: "b1", draft: true }),
    pr({ number: 2, action: "ready_for_review", updatedAt: at(2), headSha: "b1" }),
    { event: "status", payload: statusEvent(602, "b1", "pending", at(3)) },
    { event: "status", payload: statusEvent(603, "b1", "failure", at(4)) },
  ];
  return list.map((delivery, index) => ({
    ...delivery,
    deliveryId: `order-${index}-${randomUUID()}`,
  }));
}

// A seeded shuffle, so a failing order can be reproduced.
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

async function snapshot(harness: WorkerHarness) {
  const pullRequests = await harness.prisma.pullRequest.findMany({
    orderBy: { id: "asc" },
    // version counts the changes this replica saw, which depends on the order
    // (an older snapshot arriving last changes nothing); the state it counts does not.
    omit: { createdAt: true, updatedAt: true, version: true },
  });
  const history = await harness.prisma.pullRequestEvent.findMany({
    orderBy: [{ pullRequestId: "asc" }, { githubEventAt: "asc" }, { deliveryId: "asc" }],
    select: {
      pullRequestId: true,
      deliveryId: true,
      triggerEvent: true,
      fromState: true,
      toState: true,
      githubEventAt: true,
    },
  });
  return { pullRequests, history };
}

describe("events applied in any order", () => {
  const events = deliveries();
  let reference: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    const harness = await createWorkerHarness();
    try {
      for (const delivery of events)
        await harness.apply(delivery.event, delivery.payload, delivery.deliveryId);
      reference = await snapshot(harness);
    } finally {
      await harness.close();
    }
  });

  it("ends in GitHub's latest state when applied in GitHub's order", () => {
    expect(reference.pullRequests).toHaveLength(2);
    const [first, second] = reference.pullRequests;
    expect(first).toMatchObject({
      number: 1,
      state: "MERGED",
      headSha: "a3",
      title: "Change 1",
      checksState: "SUCCESS",
    });
    expect(second).toMatchObject({
      number: 2,
      state: "OPEN",
      draft: false,
      headSha: "b1",
      checksState: "FAILURE",
    });
    const states = reference.history
      .filter((row) => row.pullRequestId === first!.id && row.toState)
      .map((row) => `${row.fromState}->${row.toState}`);
    expect(states).toEqual([
      "null->OPEN",
      "OPEN->OPEN",
      "OPEN->OPEN",
      "OPEN->OPEN",
      "OPEN->CLOSED",
      "CLOSED->OPEN",
      "OPEN->OPEN",
      "OPEN->MERGED",
    ]);
  });

  it.each([1, 2, 3, 4, 5])(
    "gives identical rows and history for shuffled order #%i with duplicates",
    async (seed) => {
      const harness = await createWorkerHarness();
      try {
        const withDuplicates = shuffled(
          [...events, ...events.filter((_, index) => index % 3 === seed % 3)],
          seed,
        );
        // Two at a time, as two replicas would.
        for (let i = 0; i < withDuplicates.length; i += 2) {
          await Promise.all(
            withDuplicates
              .slice(i, i + 2)
              .map((delivery) =>
                harness.apply(delivery.event, delivery.payload, delivery.deliveryId),
              ),
          );
        }
        expect(await snapshot(harness)).toEqual(reference);
        expect(await harness.prisma.webhookDelivery.count({ where: { status: "PROCESSED" } })).toBe(
          events.length,
        );
      } finally {
        await harness.close();
      }
    },
  );
});
