import {
  startHostileReceiver,
  startReceiver,
  waitFor,
  waitForJob,
  type HostileReceiver,
  type Receiver,
} from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

// Issue 18, item 2: one bad receiver costs only its own channel.
describe("per-channel isolation", () => {
  let hole: HostileReceiver;
  let healthy: Receiver;
  let probed: Receiver;
  let probeHang = true;
  let harness: NotifierHarness;
  beforeAll(async () => {
    hole = await startHostileReceiver({ kind: "black-hole" });
    healthy = await startReceiver(() => ({ status: 200, body: "x".repeat(64 * 1024) }));
    // First request fails (opens the circuit), the first probe hangs to its 3 s deadline, the next succeeds.
    probed = await startReceiver((index) =>
      index === 0 ? { status: 500 } : probeHang && index === 1 ? { hang: true } : { status: 200 },
    );
    harness = await createNotifierHarness(
      `  channels:
    hole:
      url: ${hole.url}
      events: ["hole.*"]
      timeout: 3s
      retry_schedule: [10s]
    healthy:
      url: ${healthy.url}
      events: ["healthy.*"]
    probed:
      url: ${probed.url}
      events: ["probed.*"]
      timeout: 3s
      retries: 0
      retry_schedule: [100ms, 100ms]
      circuit_breaker:
        failure_threshold: 1
        cooldown: 300ms
`,
      { NOTIFIER_CONCURRENCY: "4" },
    );
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all([hole.close(), healthy.close(), probed.close()]);
  });

  it("keeps a black-hole channel to its share of slots, so another channel still delivers at once", async () => {
    for (let i = 0; i < 12; i += 1) await harness.publish({ event_type: "hole.event" });
    await waitFor(() => hole.count() >= 4);
    const started = Date.now();
    const ids = [];
    for (let i = 0; i < 8; i += 1) ids.push(await harness.publish({ event_type: "healthy.event" }));
    for (const id of ids) await waitForJob(harness.deliveryQueue, `${id}.healthy`, ["completed"]);
    // The black hole holds each request 3 s: had it every slot, nothing would arrive before.
    expect(Date.now() - started).toBeLessThan(2500);
    // max_in_flight defaults to the concurrency, half of the worker's slots: four hang, not eight.
    expect(hole.count()).toBe(4);
    // Item 7: a completed delivery keeps the status and a short excerpt, not the 64 KiB answer.
    const job = await harness.deliveryQueue.getJob(`${ids[0]}.healthy`);
    expect(job!.returnvalue.statusCode).toBe(200);
    expect(job!.returnvalue.excerpt.length).toBeLessThanOrEqual(201);
    expect(JSON.stringify(job!.returnvalue).length).toBeLessThan(300);
  });

  it("parks a probing channel's deliveries once each and wakes them when the probe succeeds", async () => {
    const first = await harness.publish({ event_type: "probed.event" });
    await waitFor(() => probed.received.length >= 2); // the failure, then the probe (hanging)
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push(await harness.publish({ event_type: "probed.event" }));
    const delayedBefore = await delayedCount(harness, "probed");
    await new Promise((resolve) => setTimeout(resolve, 1200)); // the probe is still out (3 s deadline)
    // Fetched once and parked, not re-checked every 500 ms while the probe is out.
    expect((await delayedCount(harness, "probed")) - delayedBefore).toBeLessThanOrEqual(5);
    expect(probed.received).toHaveLength(2);
    probeHang = false;
    await waitForJob(harness.deliveryQueue, `${first}.probed`, ["completed"], 10_000);
    const closedAt = Date.now();
    for (const id of ids) await waitForJob(harness.deliveryQueue, `${id}.probed`, ["completed"]);
    // Woken by the probe's success (spread over a second), not at the end of its turn (8 s).
    expect(Date.now() - closedAt).toBeLessThan(2500);
  });
});

async function delayedCount(harness: NotifierHarness, channel: string): Promise<number> {
  const text = await harness.metrics();
  const line = text
    .split("\n")
    .find((row) =>
      row.startsWith(`webhook_deliveries_total{channel="${channel}",outcome="delayed"`),
    );
  return line ? Number(line.split(" ").at(-1)) : 0;
}

// Issue 18, items 3 and 4: rate limit, throttling forever, auto-disable.
describe("rate limit, throttling forever and auto-disable", () => {
  let throttling: HostileReceiver;
  let limited: Receiver;
  let lowered: Receiver;
  let dead: Receiver;
  let deadFixed = false;
  let watch: Receiver;
  let harness: NotifierHarness;
  beforeAll(async () => {
    throttling = await startHostileReceiver({
      kind: "throttle",
      status: 503,
      retryAfterSeconds: 1,
    });
    limited = await startReceiver();
    lowered = await startReceiver((index) => (index < 2 ? { status: 429 } : { status: 200 }));
    dead = await startReceiver(() => (deadFixed ? { status: 200 } : { status: 500 }));
    watch = await startReceiver();
    harness = await createNotifierHarness(
      `  channels:
    throttling:
      url: ${throttling.url}
      events: ["throttling.*"]
      retries: 0
      max_age: 5s
      circuit_breaker:
        failure_threshold: 3
        cooldown: 500ms
        max_cooldown: 1s
    limited:
      url: ${limited.url}
      events: ["limited.*"]
      rate_limit: 5
    lowered:
      url: ${lowered.url}
      events: ["lowered.*"]
      rate_limit: 100
      retry_delay: 50ms
    dead:
      url: ${dead.url}
      events: ["dead.*", "system.channel.*"]
      retries: 0
      retry_schedule: [200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms, 200ms]
      disable_after: 1s
      circuit_breaker:
        failure_threshold: 1000
    watch:
      url: ${watch.url}
      events: ["system.channel.*"]
`,
    );
    // Two replicas: the rate limit and the channel state are shared through Redis.
    await harness.start();
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all([
      throttling.close(),
      limited.close(),
      lowered.close(),
      dead.close(),
      watch.close(),
    ]);
  });

  it("spaces a rate-limited channel's deliveries across replicas", async () => {
    const ids = [];
    for (let i = 0; i < 10; i += 1)
      ids.push(await harness.publish({ event_type: "limited.event" }));
    for (const id of ids) await waitForJob(harness.deliveryQueue, `${id}.limited`, ["completed"]);
    const times = limited.received.map((request) => request.at).sort((a, b) => a - b);
    // 5/s with a one-second burst: five at once, then one every 200 ms.
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(900);
  });

  it("lowers a channel's rate while its receiver answers 429", async () => {
    const id = await harness.publish({ event_type: "lowered.event" });
    await waitForJob(harness.deliveryQueue, `${id}.lowered`, ["completed"]);
    const factor = await harness.redis.hget(
      `${harness.config.redis.prefix}:circuit:lowered`,
      "rate_factor",
    );
    // Halved twice, then raised by a tenth on the success.
    expect(Number(factor)).toBeCloseTo(0.25 * 1.1, 5);
  });

  it("ends every message of a receiver that answers 503 + Retry-After: 1 forever, with few attempt rows", async () => {
    const ids = [];
    for (let i = 0; i < 4; i += 1)
      ids.push(await harness.publish({ event_type: "throttling.event" }));
    for (const id of ids) {
      const job = await waitForJob(harness.deliveryQueue, `${id}.throttling`, ["failed"], 15_000);
      expect(job.failedReason).toMatch(/max_age/);
    }
    await harness.flushAttempts();
    const rows = await harness.prisma.deliveryAttempt.count({ where: { channel: "throttling" } });
    // Three to open the circuit, then one probe per cool-down (0.5 s, then 1 s) for 5 s.
    expect(rows).toBeLessThanOrEqual(12);
    expect(throttling.count()).toBe(rows);
  }, 30_000);

  it("disables a channel failing for disable_after, tells the others, keeps its messages until enabled", async () => {
    const { controlChannel } = await import("@hookline/delivery");
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push(await harness.publish({ event_type: "dead.event" }));
    await waitFor(() => watch.received.length > 0, { timeoutMs: 10_000 });
    const news = JSON.parse(watch.received[0]!.body) as {
      event_type: string;
      data: { channel: string };
    };
    expect(news).toMatchObject({
      event_type: "system.channel.disabled",
      data: { channel: "dead" },
    });
    expect(
      await harness.redis.hget(`${harness.config.redis.prefix}:circuit:dead`, "disabled"),
    ).toBe("1");
    // Kept, not dead-lettered; nothing more reaches the receiver.
    const sent = dead.received.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(dead.received.length).toBe(sent);
    for (const id of ids)
      expect(await harness.deliveryQueue.getJobState(`${id}.dead`)).toBe("delayed");
    // The disabled channel is not told about itself.
    expect(dead.received.some((request) => request.body.includes("system.channel.disabled"))).toBe(
      false,
    );

    deadFixed = true;
    await controlChannel(
      harness.redis,
      harness.deliveryQueue,
      harness.config.redis.prefix,
      "dead",
      "enable",
    );
    for (const id of ids)
      await waitForJob(harness.deliveryQueue, `${id}.dead`, ["completed"], 5000);
  }, 30_000);
});
