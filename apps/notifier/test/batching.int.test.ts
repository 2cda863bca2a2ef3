import { startReceiver, waitFor, type Receiver } from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

describe("a batching channel", () => {
  let receiver: Receiver;
  let harness: NotifierHarness;
  beforeEach(async () => {
    receiver = await startReceiver();
    harness = await createNotifierHarness(
      `  channels:\n    audit:\n      url: ${receiver.url}\n      batch_size: 3\n      flush_interval: 800ms\n`,
    );
  });
  afterEach(async () => {
    await harness.close();
    await receiver.close();
  });

  const bodies = () =>
    receiver.received.map(
      (request) => JSON.parse(request.body) as Array<{ event_type: string; data: { i: number } }>,
    );

  it("sends an array as soon as batch_size notifications wait", async () => {
    await harness.start();
    for (let i = 0; i < 3; i += 1) await harness.publish({ event_type: "pr.updated", data: { i } });
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 700 });
    expect(
      bodies()[0]!
        .map((item) => item.data.i)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(receiver.received[0]!.headers["webhook-id"]).toMatch(/^batch-audit-[0-9a-f]{32}$/);
  });

  it("sends what waits once flush_interval has passed, and keeps waiting notifications across a restart", async () => {
    await harness.start();
    await harness.publish({ event_type: "pr.created", data: { i: 1 } });
    await harness.publish({ event_type: "pr.created", data: { i: 2 } });
    await waitFor(
      async () => (await harness.redis.llen(`${harness.config.redis.prefix}:batch:audit`)) === 2,
    );
    await harness.stop(); // the notifier goes away with two notifications waiting
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(receiver.received).toHaveLength(0);

    await harness.start();
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 5000 });
    expect(
      bodies()[0]!
        .map((item) => item.data.i)
        .sort(),
    ).toEqual([1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received).toHaveLength(1);
  });
});
