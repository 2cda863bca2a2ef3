import { Webhook } from "standardwebhooks";
import type { Notifier } from "../src/create-notifier";
import { createSystemMonitor } from "../src/monitor/system-monitor";
import {
  startOwnRedis,
  startReceiver,
  waitFor,
  type OwnRedis,
  type Receiver,
} from "@hookline/test-utils";
import {
  CHANNEL_SECRET,
  createNotifierHarness,
  type NotifierHarness,
} from "./support/notifier-harness";

// A redis-server of this file's own: the tests fill it up and stop it.
describe("system.health.degraded for Redis", () => {
  let redis: OwnRedis;
  let receiver: Receiver;
  let harness: NotifierHarness;
  let notifier: Notifier;
  const monitor = (redisMemoryPressure?: number) =>
    createSystemMonitor({
      redisMemoryPressure,
      redis: harness.redis,
      prisma: harness.prisma,
      queues: [harness.deliveryQueue],
      maxDepth: 1000,
      prefix: harness.config.redis.prefix,
      publish: notifier.publishSystemEvent,
      alertDirect: notifier.alertDirect,
    });
  const redisEvents = (status: string) =>
    receiver.received
      .map((request) => ({
        request,
        body: JSON.parse(request.body) as { event_type: string; data: Record<string, unknown> },
      }))
      .filter(
        ({ body }) =>
          body.event_type === "system.health.degraded" &&
          body.data.dependency === "redis" &&
          body.data.status === status,
      );
  const clientCount = async () =>
    String(await harness.redis.client("LIST"))
      .split("\n")
      .filter(Boolean).length;
  let clientsBeforeOutage = 0;
  const stopRedis = async () => {
    clientsBeforeOutage = await clientCount();
    await redis.stop();
  };
  // Back once every connection (BullMQ's own included) has reconnected: a
  // worker closed mid-reconnect leaves its retry timer running.
  const restartRedis = async () => {
    await redis.restart();
    await waitFor(async () => (await clientCount()) >= clientsBeforeOutage, {
      timeoutMs: 20_000,
      what: "every Redis connection back",
    });
  };

  beforeAll(async () => {
    redis = await startOwnRedis("redis-health");
    receiver = await startReceiver();
    harness = await createNotifierHarness(
      `  channels:\n    alerting:\n      url: ${receiver.url}\n      secret: ${CHANNEL_SECRET}\n      events: ["system.health.*"]\n`,
      { REDIS_URL: redis.url },
    );
    notifier = await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await redis.close();
    await receiver.close();
  });

  it("is queued and delivered once, across replicas, when Redis nears its memory limit", async () => {
    // A low threshold under a roomy limit: the same transition as 90% of a
    // tight one, without this Redis refusing writes (noeviction) midway.
    const replicas = [monitor(0.2), monitor(0.2)];
    for (const replica of replicas) await replica.tick();
    const info = await harness.redis.info("memory");
    const used = Number(/^used_memory:(\d+)/m.exec(info)![1]);
    await harness.redis.config("SET", "maxmemory", String(used * 4));
    try {
      for (let tick = 0; tick < 3; tick += 1) for (const replica of replicas) await replica.tick();
      await waitFor(() => redisEvents("memory pressure").length === 1, {
        what: "the memory pressure event",
      });
    } finally {
      await harness.redis.config("SET", "maxmemory", "0");
    }
    for (const replica of replicas) await replica.tick();
    expect(redisEvents("memory pressure")).toHaveLength(1);
    expect(redisEvents("memory pressure")[0]!.body.data).toMatchObject({
      used_memory: expect.any(Number),
      maxmemory: expect.any(Number),
    });
  });

  it("goes straight to the channels, signed, once per outage, when Redis is unreachable", async () => {
    const replica = monitor();
    await replica.tick();
    await stopRedis();
    await replica.tick(); // one failed ping may be a reconnect blip
    expect(redisEvents("unreachable")).toHaveLength(0);
    for (let tick = 0; tick < 3; tick += 1) await replica.tick();
    const [alert, ...more] = redisEvents("unreachable");
    expect(more).toHaveLength(0);
    expect(
      new Webhook(CHANNEL_SECRET).verify(
        alert!.request.body,
        alert!.request.headers as Record<string, string>,
      ),
    ).toMatchObject({ event_type: "system.health.degraded", priority: "critical" });

    await restartRedis();
    await replica.tick();
    expect(redisEvents("unreachable")).toHaveLength(1);
    await stopRedis();
    for (let tick = 0; tick < 2; tick += 1) await replica.tick();
    expect(redisEvents("unreachable")).toHaveLength(2); // a new outage, a new alert
    await restartRedis();
  });
});
