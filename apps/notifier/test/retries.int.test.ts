import { startReceiver, waitForJob, type Receiver, type ReceiverReply } from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

// One channel per receiver behaviour; short delays so the schedule plays out in seconds.
const BEHAVIOURS: Record<string, (index: number) => ReceiverReply> = {
  flaky: (index) => (index === 0 ? { status: 500 } : { status: 200 }),
  throttled: (index) =>
    index === 0 ? { status: 429, headers: { "Retry-After": "1" } } : { status: 200 },
  gone: () => ({ status: 410, body: "endpoint removed" }),
  slow: (index) => (index === 0 ? { hang: true } : { status: 200 }),
  hangup: (index) => (index === 0 ? { destroy: true } : { status: 200 }),
};

describe("retries inside an attempt and across attempts", () => {
  const receivers: Record<string, Receiver> = {};
  let harness: NotifierHarness;
  beforeAll(async () => {
    for (const [name, behaviour] of Object.entries(BEHAVIOURS))
      receivers[name] = await startReceiver(behaviour);
    const channels = Object.entries(receivers)
      .map(
        ([name, receiver]) =>
          `    ${name}:\n      url: ${receiver.url}\n      events: ["${name}.*"]\n      retries: 2\n      retry_delay: 50ms\n      timeout: 500ms\n      retry_schedule: [200ms, 200ms]\n`,
      )
      .join("");
    harness = await createNotifierHarness(`  channels:\n${channels}`);
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
  });

  const attempts = async (messageId: string) => {
    await harness.flushAttempts();
    return harness.prisma.deliveryAttempt.findMany({
      where: { messageId },
      orderBy: [{ attempt: "asc" }, { try: "asc" }],
    });
  };
  const settled = (messageId: string) =>
    waitForJob(harness.deliveryQueue, messageId, ["completed", "failed"]);

  it("retries a 500 inside the attempt and delivers once", async () => {
    const id = await harness.publish({ event_type: "flaky.event" });
    const job = await settled(`${id}.flaky`);
    expect(await job!.getState()).toBe("completed");
    expect(receivers.flaky!.received).toHaveLength(2);
    expect(
      new Set(receivers.flaky!.received.map((request) => request.headers["webhook-id"])).size,
    ).toBe(1);
    expect(
      (await attempts(`${id}.flaky`)).map((row) => [row.attempt, row.try, row.statusCode]),
    ).toEqual([
      [1, 1, 500],
      [1, 2, 200],
    ]);
  });

  it("honours Retry-After on a 429", async () => {
    const id = await harness.publish({ event_type: "throttled.event" });
    await settled(`${id}.throttled`);
    const [first, second] = receivers.throttled!.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("fails a 410 at once, without retrying, leaving status and answer readable in the failed set", async () => {
    const id = await harness.publish({ event_type: "gone.event" });
    const job = await settled(`${id}.gone`);
    expect(await job!.getState()).toBe("failed");
    expect(job!.failedReason).toMatch(
      /^HTTP 410 from 127\.0\.0\.1:\d+: endpoint removed · attempt 1 of \d+ · .* UTC · permanent, not retried$/,
    );
    expect(receivers.gone!.received).toHaveLength(1);
    expect((await attempts(`${id}.gone`)).map((row) => row.statusCode)).toEqual([410]);
  });

  it("times out a receiver that hangs, then retries", async () => {
    const id = await harness.publish({ event_type: "slow.event" });
    const job = await settled(`${id}.slow`);
    expect(await job!.getState()).toBe("completed");
    const rows = await attempts(`${id}.slow`);
    expect(rows[0]).toMatchObject({ try: 1, statusCode: null, error: "ETIMEDOUT" });
    expect(rows[0]!.durationMs).toBeGreaterThanOrEqual(450);
    expect(rows.at(-1)).toMatchObject({ statusCode: 200 });
  });

  it("retries when the receiver closes the connection", async () => {
    const id = await harness.publish({ event_type: "hangup.event" });
    const job = await settled(`${id}.hangup`);
    expect(await job!.getState()).toBe("completed");
    const rows = await attempts(`${id}.hangup`);
    expect(rows[0]).toMatchObject({
      statusCode: null,
      error: expect.stringMatching(/ECONNRESET|socket hang up/),
    });
  });
});
