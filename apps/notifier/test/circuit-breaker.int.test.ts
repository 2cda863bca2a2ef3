import { startReceiver, waitFor, type Receiver } from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

describe("the per-channel circuit breaker", () => {
  let receiver: Receiver;
  let harness: NotifierHarness;
  let failing = true;
  beforeAll(async () => {
    receiver = await startReceiver(() => (failing ? { status: 503 } : { status: 200 }));
    harness = await createNotifierHarness(
      `  channels:\n    monitoring:\n      url: ${receiver.url}\n      events: ["pr.*"]\n      retries: 0\n      retry_schedule: [100ms, 100ms, 100ms, 100ms, 100ms, 100ms]\n      circuit_breaker:\n        failure_threshold: 3\n        cooldown: 4s\n`,
    );
    // Two replicas: the breaker's state is shared through Redis.
    await harness.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  it("opens after consecutive failures, holds deliveries back without sending, probes after the cool-down, and closes", async () => {
    const ids = [];
    for (let i = 0; i < 4; i += 1)
      ids.push(await harness.publish({ event_type: "pr.updated", data: { i } }));
    await waitFor(
      async () =>
        (await harness.redis.hget(`${harness.config.redis.prefix}:circuit:monitoring`, "state")) ===
        "open",
    );
    // A request already in flight when the circuit opened may still land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sentWhenOpened = receiver.received.length;
    expect(sentWhenOpened).toBeGreaterThanOrEqual(3);

    expect(await harness.metrics()).toContain(
      'webhook_channel_circuit_open{channel="monitoring",service="notifier"} 1',
    );
    // Open: nothing reaches the receiver, nothing fails; the deliveries wait.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(receiver.received.length).toBe(sentWhenOpened);
    expect(await harness.deliveryQueue.getFailedCount()).toBe(0);
    expect(await harness.deliveryQueue.getDelayedCount()).toBeGreaterThan(0);

    // Exactly one system.health.degraded for the transition, whatever the number of replicas and deliveries.
    const degraded = (
      await harness.notificationQueue.getJobs(["completed", "waiting", "prioritized", "active"])
    ).filter((job) => job.data.event_type === "system.health.degraded");
    expect(degraded).toHaveLength(1);
    expect(degraded[0]!.data.data).toMatchObject({
      dependency: "channel:monitoring",
      status: "circuit open",
    });

    failing = false;
    await waitFor(async () => (await harness.deliveryQueue.getCompletedCount()) === 4, {
      timeoutMs: 15_000,
    });
    expect(
      await harness.redis.hget(`${harness.config.redis.prefix}:circuit:monitoring`, "state"),
    ).toBe("closed");
    // The replica whose probe closed it reports the circuit shut.
    expect(await harness.metrics()).toContain(
      'webhook_channel_circuit_open{channel="monitoring",service="notifier"} 0',
    );
    // Every notification arrived in the end, each once after the circuit closed.
    const afterRecovery = receiver.received
      .slice(sentWhenOpened)
      .map((request) => request.headers["webhook-id"]);
    expect([...afterRecovery].sort()).toEqual(ids.map((id) => `${id}:monitoring`).sort()); // "." is ":" in a webhook-id
  });
});
