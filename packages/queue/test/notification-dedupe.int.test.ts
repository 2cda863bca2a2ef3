import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { testPrefix, testRedisUrl } from "@hookline/test-utils";
import {
  createQueue,
  DEFAULT_JOB_OPTIONS,
  NOTIFICATION_DEDUPE_TTL_MS,
  publishNotifications,
  QUEUE_NAMES,
  type NotificationJob,
} from "../src";

// A worker that crashes after its commit re-publishes the delivery's
// outbox; by then the first notification may be done and its job removed
// (completed jobs go after an hour or 10,000 jobs). The notification must
// not be queued a second time within the ingest's dedupe window.
describe("publishNotifications deduplication", () => {
  let redis: Redis;
  let queue: Queue<NotificationJob>;
  let events: QueueEvents;
  let eventsConnection: Redis;
  const prefix = testPrefix();

  beforeEach(async () => {
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    // As production's queue, but a completed job is removed at once: the
    // worst case of removeOnComplete's count.
    queue = new Queue<NotificationJob>(QUEUE_NAMES.notifications, {
      connection: redis,
      prefix,
      defaultJobOptions: {
        ...DEFAULT_JOB_OPTIONS[QUEUE_NAMES.notifications],
        removeOnComplete: true,
      },
    });
    eventsConnection = redis.duplicate();
    events = new QueueEvents(QUEUE_NAMES.notifications, { connection: eventsConnection, prefix });
    await events.waitUntilReady();
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await events.close();
    await queue.close();
    eventsConnection.disconnect();
    redis.disconnect();
  });

  const draft = {
    id: "pr.updated.delivery-1.0",
    event_type: "pr.updated",
    priority: "medium" as const,
    data: { number: 1 },
  };

  it("queues a re-published notification once, after the first completed and was removed", async () => {
    await publishNotifications(queue, [draft], "worker");
    const processed: string[] = [];
    const workerConnection = redis.duplicate();
    const worker = new Worker<NotificationJob>(
      QUEUE_NAMES.notifications,
      async (job) => {
        processed.push(job.data.id);
      },
      { connection: workerConnection, prefix },
    );
    try {
      await new Promise<void>((resolve) => events.once("completed", () => resolve()));
      expect(await queue.getJobCounts("completed", "waiting", "prioritized")).toEqual({
        completed: 0,
        waiting: 0,
        prioritized: 0,
      });
      await publishNotifications(queue, [draft, draft], "worker");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(processed).toEqual([draft.id]);
      expect(await queue.count()).toBe(0);
      // Remembered for the window, then forgotten: the key has an end.
      const ttl = await redis.pttl(`${prefix}:${QUEUE_NAMES.notifications}:de:${draft.id}`);
      expect(ttl).toBeGreaterThan(NOTIFICATION_DEDUPE_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(NOTIFICATION_DEDUPE_TTL_MS);
    } finally {
      await worker.close();
      workerConnection.disconnect();
    }
  });

  it("holds ids for the window the queue was made with: the ingest's incoming.dedupe_ttl", async () => {
    const windowed = createQueue(QUEUE_NAMES.notifications, {
      connection: redis,
      prefix,
      dedupeTtlMs: 60_000,
    });
    try {
      await publishNotifications(windowed, [{ ...draft, id: "windowed" }], "worker");
      const ttl = await redis.pttl(`${prefix}:${QUEUE_NAMES.notifications}:de:windowed`);
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await windowed.close();
    }
  });
});
