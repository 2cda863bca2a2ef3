import {
  startReceiver,
  waitFor,
  waitForJob,
  type Receiver,
  type ReceiverReply,
} from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

const inTwoSeconds = () => new Date(Date.now() + 2000).toUTCString();
const throttle = (retryAfter: string, status = 429): ReceiverReply => ({
  status,
  headers: { "Retry-After": retryAfter },
});

// One channel per receiver behaviour. retries: 0 leaves a Retry-After to the
// delayed job (across attempts); retries: 2 lets axios-retry wait inside the attempt.
const CHANNELS: Record<string, { reply: (index: number) => ReceiverReply; yaml: string }> = {
  across_seconds: {
    reply: (i) => (i === 0 ? throttle("2") : { status: 200 }),
    yaml: "retries: 0",
  },
  across_date: {
    reply: (i) => (i === 0 ? throttle(inTwoSeconds()) : { status: 200 }),
    yaml: "retries: 0",
  },
  inside_date: {
    reply: (i) => (i === 0 ? throttle(inTwoSeconds()) : { status: 200 }),
    yaml: "retries: 2",
  },
  unavailable: {
    reply: (i) => (i === 0 ? throttle("2", 503) : { status: 200 }),
    yaml: "retries: 0",
  },
  capped: {
    reply: (i) => (i === 0 ? throttle("3600") : { status: 200 }),
    yaml: "retries: 0\n      retry_after_max: 1s",
  },
  // Throttled answers count toward the circuit (a receiver throttling forever
  // must open it): a threshold above ten keeps this one closed.
  ten_times: {
    reply: (i) => (i < 10 ? throttle("1") : { status: 200 }),
    yaml: "retries: 2\n      circuit_breaker:\n        failure_threshold: 20",
  },
  past: {
    reply: (i) => (i === 0 ? throttle("Sun, 06 Nov 1994 08:49:37 GMT") : { status: 200 }),
    yaml: "retries: 2",
  },
  garbage: {
    reply: (i) => (i === 0 ? throttle("in a while") : { status: 200 }),
    yaml: "retries: 2",
  },
  quiet: {
    reply: (i) => (i === 0 ? throttle("2") : { status: 200 }),
    yaml: "retries: 0",
  },
  probed: {
    reply: (i) => (i === 0 ? { status: 500 } : i === 1 ? throttle("2") : { status: 200 }),
    yaml: "retries: 0\n      circuit_breaker:\n        failure_threshold: 1\n        cooldown: 200ms",
  },
  batched: {
    reply: (i) => (i === 0 ? throttle("1") : { status: 200 }),
    yaml: "retries: 0\n      batch_size: 2\n      flush_interval: 100ms",
  },
};

describe("a receiver's Retry-After", () => {
  const receivers: Record<string, Receiver> = {};
  let harness: NotifierHarness;
  beforeAll(async () => {
    for (const [name, { reply }] of Object.entries(CHANNELS))
      receivers[name] = await startReceiver(reply);
    const channels = Object.entries(CHANNELS)
      .map(
        ([name, { yaml }]) =>
          `    ${name}:\n      url: ${receivers[name]!.url}\n      events: ["${name}.*"]\n      retry_delay: 50ms\n      retry_schedule: [200ms]\n      ${yaml}\n`,
      )
      .join("");
    harness = await createNotifierHarness(`  channels:\n${channels}`);
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
  });

  const deliver = async (channel: string, timeoutMs = 10_000) => {
    const id = await harness.publish({ event_type: `${channel}.event` });
    const job = await waitForJob(
      harness.deliveryQueue,
      `${id}.${channel}`,
      ["completed", "failed"],
      timeoutMs,
    );
    return { id, job: job! };
  };
  const gaps = (channel: string) =>
    receivers[channel]!.received.slice(1).map(
      (request, i) => request.at - receivers[channel]!.received[i]!.at,
    );
  const attemptRows = async (messageId: string) => {
    await harness.flushAttempts();
    const rows = await harness.prisma.deliveryAttempt.findMany({
      where: { messageId },
      orderBy: { id: "asc" },
    });
    return rows.map((row) => [row.attempt, row.statusCode]);
  };

  it.each(["across_seconds", "across_date", "unavailable"])(
    "%s: the next attempt waits for the time named, and spends no attempt of the schedule",
    async (channel) => {
      const { id, job } = await deliver(channel);
      expect(await job.getState()).toBe("completed");
      // retry_schedule says 200 ms; the receiver said 2 s (an HTTP-date has whole seconds).
      expect(gaps(channel)[0]).toBeGreaterThanOrEqual(channel === "across_date" ? 950 : 1950);
      // BullMQ counts the attempt that completed: one attempt in all.
      expect(job.attemptsMade).toBe(1);
      expect(await attemptRows(`${id}.${channel}`)).toEqual([
        [1, channel === "unavailable" ? 503 : 429],
        [1, 200],
      ]);
    },
  );

  it("waits for an HTTP-date inside an attempt too", async () => {
    const { job } = await deliver("inside_date");
    expect(await job.getState()).toBe("completed");
    expect(gaps("inside_date")[0]).toBeGreaterThanOrEqual(950);
  });

  it("waits no longer than the channel's retry_after_max", async () => {
    const { job } = await deliver("capped");
    expect(await job.getState()).toBe("completed");
    expect(gaps("capped")[0]).toBeGreaterThanOrEqual(950);
    expect(gaps("capped")[0]).toBeLessThan(5000);
  });

  it("delivers to a receiver that answers 429 ten times in a row, without dead-lettering", async () => {
    const { job } = await deliver("ten_times", 30_000);
    expect(await job.getState()).toBe("completed");
    expect(receivers.ten_times!.received).toHaveLength(11);
    expect(Math.min(...gaps("ten_times"))).toBeGreaterThanOrEqual(950);
    expect(job.attemptsMade).toBe(1);
  }, 40_000);

  it.each(["past", "garbage"])(
    "treats a Retry-After %s as no time named: backoff as usual",
    async (channel) => {
      const { job } = await deliver(channel);
      expect(await job.getState()).toBe("completed");
      expect(gaps(channel)[0]).toBeLessThan(1500);
    },
  );

  it("holds every delivery to the channel until the time named, not only the throttled one", async () => {
    const first = await harness.publish({ event_type: "quiet.event" });
    await waitFor(() => receivers.quiet!.received.length === 1);
    // Once the notifier has taken in the 429 (kept in Redis with the circuit state) …
    await waitFor(() =>
      harness.redis.hget(`${harness.config.redis.prefix}:circuit:quiet`, "quiet_until"),
    );
    const second = await deliver("quiet");
    await waitForJob(harness.deliveryQueue, `${first}.quiet`, ["completed"]);
    expect(await second.job.getState()).toBe("completed");
    const [throttled, ...later] = receivers.quiet!.received;
    for (const request of later) expect(request.at - throttled!.at).toBeGreaterThanOrEqual(1950);
  });

  it("keeps an open circuit from probing before the time a probe's Retry-After named", async () => {
    const { job } = await deliver("probed");
    expect(await job.getState()).toBe("completed");
    const [, probeGap] = gaps("probed");
    expect(receivers.probed!.received).toHaveLength(3);
    expect(probeGap).toBeGreaterThanOrEqual(1950);
  });

  it("waits with a batch as with a single delivery", async () => {
    await harness.publish({ event_type: "batched.event", data: { i: 1 } });
    await harness.publish({ event_type: "batched.event", data: { i: 2 } });
    await waitFor(() => receivers.batched!.received.length === 2, { timeoutMs: 5000 });
    const [first, second] = receivers.batched!.received;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    const job = await harness.deliveryQueue.getJob(String(first!.headers["webhook-id"]));
    await waitFor(async () => (await job!.getState()) === "completed");
    expect((await harness.deliveryQueue.getJob(job!.id!))!.attemptsMade).toBe(1);
  });
});
