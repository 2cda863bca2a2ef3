import { waitForJob } from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";
import { createSystemMonitor } from "../src/monitor/system-monitor";
import { createSystemEventPublisher } from "@hookline/queue";

describe("outgoing safety", () => {
  let harness: NotifierHarness;
  beforeAll(async () => {
    harness = await createNotifierHarness(
      `  channels:\n    plain:\n      url: http://hooks.example.com/in\n      events: [safety.plain]\n    internal:\n      url: https://127.0.0.2:9443/in\n      events: [safety.internal]\n`,
    );
    await harness.start();
  });
  afterAll(() => harness.close());

  it.each([
    ["plain", "safety.plain", /HTTPS only/],
    ["internal", "safety.internal", /127\.0\.0\.2 is not a public address \(loopback\)/],
  ])(
    "fails the %s channel permanently without sending anything",
    async (channel, eventType, reason) => {
      const id = await harness.publish({ event_type: eventType });
      const job = await waitForJob(harness.deliveryQueue, `${id}.${channel}`, ["failed"]);
      expect(job!.failedReason).toMatch(reason);
      expect(job!.failedReason).toMatch(/permanent/);
    },
  );
});

describe("the system monitor", () => {
  let harness: NotifierHarness;
  beforeAll(async () => {
    harness = await createNotifierHarness("");
  });
  afterAll(() => harness.close());

  it("emits system.queue.full once per transition, across replicas", async () => {
    const publish = createSystemEventPublisher(harness.notificationQueue, "notifier");
    const replicas = [1, 2].map(() =>
      createSystemMonitor({
        redis: harness.redis,
        prisma: harness.prisma,
        queues: [harness.deliveryQueue],
        maxDepth: 2,
        prefix: harness.config.redis.prefix,
        publish,
        alertDirect: async () => {
          throw new Error("Redis is up: nothing goes around the queue");
        },
      }),
    );
    const fullEvents = async () =>
      (await harness.notificationQueue.getJobs(["waiting", "prioritized"])).filter(
        (job) => job.data.event_type === "system.queue.full",
      );

    for (const replica of replicas) await replica.tick();
    expect(await fullEvents()).toHaveLength(0);
    await harness.deliveryQueue.addBulk(
      [1, 2, 3].map((i) => ({ name: "delivery", data: { i } as never, opts: { delay: 60_000 } })),
    );
    for (let tick = 0; tick < 3; tick += 1) for (const replica of replicas) await replica.tick();
    const events = await fullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      priority: "high",
      data: { queue: "deliveries", depth: 3, max_depth: 2 },
    });

    await harness.deliveryQueue.obliterate({ force: true });
    for (const replica of replicas) await replica.tick();
    await harness.deliveryQueue.addBulk(
      [1, 2, 3].map((i) => ({ name: "delivery", data: { i } as never, opts: { delay: 60_000 } })),
    );
    for (const replica of replicas) await replica.tick();
    expect(await fullEvents()).toHaveLength(2);
  });
});
