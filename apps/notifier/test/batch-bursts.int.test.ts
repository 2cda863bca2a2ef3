import { publishNotifications } from "@hookline/queue";
import { startReceiver, waitFor, type Receiver } from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";
import { createBatchStore } from "../src/batching/batch-store";

// A flush_interval far longer than any test: whatever leaves early left because it was full.
const LONG = "60s";

function channelYaml(url: string, batchSize: number, flushInterval: string): string {
  return `  channels:\n    audit:\n      url: ${url}\n      batch_size: ${batchSize}\n      flush_interval: ${flushInterval}\n`;
}

/** Notification ids per webhook-id, as the receiver saw them. */
function batchesSeen(receiver: Receiver): Map<string, string[]> {
  const batches = new Map<string, string[]>();
  for (const request of receiver.received) {
    const items = JSON.parse(request.body) as Array<{ data: { id: string } }>;
    batches.set(
      String(request.headers["webhook-id"]),
      items.map((item) => item.data.id),
    );
  }
  return batches;
}

function expectEachOnce(receiver: Receiver, ids: readonly string[]): void {
  const seen = [...batchesSeen(receiver).values()].flat();
  expect(seen.sort()).toEqual([...ids].sort());
  // Every request carried a batch no other request carried.
  expect(batchesSeen(receiver).size).toBe(receiver.received.length);
}

async function burst(harness: NotifierHarness, count: number, tag: string): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${tag}-${i}`);
  await publishNotifications(
    harness.notificationQueue,
    ids.map((id) => ({ id, event_type: "pr.updated", priority: "medium", data: { id } })),
    "test",
  );
  return ids;
}

describe("batching under bursts", () => {
  let receiver: Receiver;
  let harness: NotifierHarness | undefined;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await receiver.close();
  });

  // Bounds for a shared, busy 2-core machine; before batches were claimed as
  // they filled, these bursts took one flush_interval (60 s) per batch.
  it.each([
    [20, 5, 5000],
    [500, 5, 15_000],
  ])(
    "sends every full batch of a burst of %i (batch_size %i) at once, each notification once",
    async (count, size, withinMs) => {
      harness = await createNotifierHarness(channelYaml(receiver.url, size, LONG));
      await (await harness.start()).fanOut.waitUntilReady();
      const started = Date.now();
      const ids = await burst(harness, count, "burst");
      await waitFor(() => receiver.received.length === count / size, {
        timeoutMs: withinMs,
        what: `${count / size} batches within ${withinMs} ms`,
      });
      expect(Date.now() - started).toBeLessThan(withinMs);
      expectEachOnce(receiver, ids);
      expect(receiver.received.every((request) => JSON.parse(request.body).length === size)).toBe(
        true,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.received).toHaveLength(count / size);
    },
  );

  it("sends a partial batch when its oldest member has waited flush_interval, counted from that member's arrival", async () => {
    harness = await createNotifierHarness(channelYaml(receiver.url, 10, "2s"));
    await harness.start();
    const first = Date.now();
    const [a] = await burst(harness, 1, "old");
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const [b] = await burst(harness, 1, "young");
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 5000 });
    const waited = receiver.received[0]!.at - first;
    // Due at 2 s after the oldest arrived; the younger member's clock would say 3.8 s.
    expect(waited).toBeGreaterThanOrEqual(1950);
    expect(waited).toBeLessThan(3700);
    expectEachOnce(receiver, [a!, b!]);
  });

  it("a partial batch left behind full ones keeps its oldest member's clock", async () => {
    harness = await createNotifierHarness(channelYaml(receiver.url, 5, "2s"));
    await harness.start();
    const first = Date.now();
    const ids = await burst(harness, 22, "mixed"); // four full batches, two left waiting
    await waitFor(() => receiver.received.length === 5, { timeoutMs: 8000 });
    const waited = receiver.received[4]!.at - first;
    expect(JSON.parse(receiver.received[4]!.body)).toHaveLength(2);
    // Before: the full batches left one per interval and each restarted the clock (≥ 8 s).
    expect(waited).toBeGreaterThanOrEqual(1950);
    expect(waited).toBeLessThan(4000);
    expectEachOnce(receiver, ids);
  });

  it("two replicas flushing the same channel send every notification exactly once", async () => {
    harness = await createNotifierHarness(channelYaml(receiver.url, 5, "500ms"));
    await harness.start();
    await harness.start();
    const ids = await burst(harness, 203, "replicas"); // 40 full batches and 3 left over
    await waitFor(() => receiver.received.length === 41, { timeoutMs: 8000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(41);
    expectEachOnce(receiver, ids);
  });

  it("sends a batch that a replica claimed and died holding, once", async () => {
    harness = await createNotifierHarness(channelYaml(receiver.url, 3, LONG));
    // A replica that claims a full batch and dies before it is enqueued.
    const doomed = createBatchStore(harness.redis, harness.config.redis.prefix, 1000);
    const ids = ["claimed-0", "claimed-1", "claimed-2"];
    const claims = [];
    for (const id of ids)
      claims.push(
        ...(await doomed.push("audit", 3, {
          id,
          event_type: "pr.updated",
          priority: "medium",
          timestamp: new Date().toISOString(),
          data: { id },
          source: "test",
        })),
      );
    expect(claims).toHaveLength(1);
    expect(await doomed.waiting("audit")).toBe(0);

    await harness.start();
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(1);
    expectEachOnce(receiver, ids);
  }, 20_000);
});
