import { Redis } from "ioredis";
import type { NotificationJob } from "@hookline/queue";
import { testPrefix, testRedisUrl } from "@hookline/test-utils";
import { createBatchStore, MARKER_BUCKET_MS } from "../src/batching/batch-store";

function notification(id: string): NotificationJob {
  return {
    id,
    event_type: "pr.updated",
    priority: "medium",
    timestamp: new Date().toISOString(),
    data: { id },
    source: "test",
  };
}

// The batch store's "already pushed" markers: their memory is bounded by
// their window (one hash per channel per time bucket, expiring), not one
// key per notification kept for days.
describe("batch markers", () => {
  let redis: Redis;
  const prefix = testPrefix();
  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await redis.quit();
  });

  it("keep pushes idempotent in at most two expiring keys per channel", async () => {
    const store = createBatchStore(redis, prefix);
    for (let n = 0; n < 300; n += 1) await store.push("audit", 1000, notification(`n-${n}`));
    // A retried fan-out job pushes the same notifications again: nothing new waits.
    for (let n = 0; n < 300; n += 1) await store.push("audit", 1000, notification(`n-${n}`));
    expect(await store.waiting("audit")).toBe(300);

    const markers = await redis.keys(`${prefix}:batched:*`);
    expect(markers.length).toBeGreaterThanOrEqual(1);
    expect(markers.length).toBeLessThanOrEqual(2);
    for (const key of markers) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2 * MARKER_BUCKET_MS + 60_000);
    }
    // Every key the store made has an end, except the channel's own list, claims and counter.
    const all = await redis.keys(`${prefix}:*`);
    for (const key of all.filter((name) => !markers.includes(name)))
      expect(key).toMatch(/:batch:audit(:claimed|:seq)?$/);
  });
});
