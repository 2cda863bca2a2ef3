import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { freePort } from "@hookline/local-services";
import { testPrefix, testRedisUrl } from "@hookline/test-utils";
import {
  createQueue,
  createRedisConnection,
  fromJobId,
  isRedisUnavailable,
  probeQueues,
  publishNotifications,
  QUEUE_NAMES,
  redisReady,
  toJobId,
} from "../src";

describe("job ids", () => {
  it("maps all-digit caller ids, and only those, to ids BullMQ accepts", () => {
    expect(toJobId("123456")).toBe("_123456");
    expect(toJobId("0042")).toBe("_0042");
    expect(toJobId("72ff-1")).toBe("72ff-1");
    expect(toJobId("_123")).toBe("_123");
    expect(fromJobId(toJobId("123456"))).toBe("123456");
    expect(fromJobId("abc")).toBe("abc");
  });

  it("publishes a notification whose id is all digits, once", async () => {
    const redis = createRedisConnection(testRedisUrl(), "producer");
    await redisReady(redis);
    const queue = createQueue(QUEUE_NAMES.notifications, {
      connection: redis,
      prefix: testPrefix(),
    });
    try {
      const draft = {
        id: "717193",
        event_type: "pr.fix.applied",
        priority: "low",
        data: {},
      } as const;
      await publishNotifications(queue, [draft], "test");
      await publishNotifications(queue, [draft], "test");
      expect(await queue.count()).toBe(1);
      const job = await queue.getJob(toJobId("717193"));
      expect(job?.data.id).toBe("717193");
      // Replay by the caller id: apps/ingest/test/redis-cluster.int.test.ts.
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
    }
  });
});

describe("probeQueues and isRedisUnavailable", () => {
  it("is ok on a healthy Redis and fails (without throwing) when a queue command fails", async () => {
    const redis = createRedisConnection(testRedisUrl(), "producer");
    await redisReady(redis);
    const prefix = testPrefix();
    const queue = createQueue(QUEUE_NAMES.githubEvents, { connection: redis, prefix });
    try {
      expect(await probeQueues([queue])).toMatchObject({ ok: true });
      await redis.set(`${prefix}:github-events:wait`, "not-a-list");
      const probe = await probeQueues([queue]);
      expect(probe.ok).toBe(false);
      expect(probe.error).toMatch(/WRONGTYPE/);
      // Redis answered: a wrong key is a bug, not an outage.
      const error = await redis.llen(`${prefix}:github-events:wait`).catch((e: unknown) => e);
      expect(isRedisUnavailable(error)).toBe(false);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });

  it("calls a refused connection and an unanswered command unavailable", async () => {
    const refused = createRedisConnection(`redis://127.0.0.1:${await freePort()}`, "producer");
    refused.on("error", () => undefined);
    // A server that accepts connections and never answers.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const mute = createRedisConnection(
      `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      "producer",
    );
    mute.on("error", () => undefined);
    try {
      const refusedError = await refused.get("x").catch((e: unknown) => e);
      expect(isRedisUnavailable(refusedError)).toBe(true);
      const timeoutError = await mute.get("x").catch((e: unknown) => e);
      expect(isRedisUnavailable(timeoutError)).toBe(true);
    } finally {
      refused.disconnect();
      mute.disconnect();
      await new Promise((resolve) => silent.close(resolve));
    }
  }, 20_000);
});
