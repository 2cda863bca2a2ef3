import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createRegistry, readQueueBacklog, registerScalingMetrics } from "@hookline/observability";
import { testPrefix, testRedisUrl, waitFor } from "@hookline/test-utils";

const MINUTE = 60_000;

/** The value of one metric for one queue in Prometheus' text format. */
function sample(text: string, metric: string, queue: string): number {
  const line = text
    .split("\n")
    .find((entry) => entry.startsWith(`${metric}{`) && entry.includes(`queue="${queue}"`));
  if (!line) throw new Error(`no ${metric} for ${queue} in:\n${text}`);
  return Number(line.split(" ").at(-1));
}

describe("the scaling signal", () => {
  let connection: Redis;
  let queue: Queue;
  let prefix: string;
  beforeEach(() => {
    connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    prefix = testPrefix();
    queue = new Queue("scaling", { connection, prefix });
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    connection.disconnect();
  });

  it("counts waiting, prioritized and due delayed jobs as ready, and not delayed ones still to come", async () => {
    const now = Date.now();
    await queue.add("plain", {}, { jobId: "plain-1" });
    await queue.add("plain", {}, { jobId: "plain-2" });
    // Prioritized jobs live in their own sorted set: a scaler reading `wait` sees none of them.
    for (let index = 0; index < 5; index += 1)
      await queue.add("urgent", {}, { priority: 1 + (index % 3), jobId: `urgent-${index}` });
    await queue.add("later", {}, { delay: 10 * MINUTE, jobId: "later" });
    await queue.add("soon", {}, { delay: 50, jobId: "soon" });
    const addedSoon = Date.now();

    expect(await queue.getWaitingCount()).toBe(2);
    const before = await readQueueBacklog(queue, now);
    expect(before).toMatchObject({ ready: 7, active: 0 });

    // 100 ms on, "soon" is due but nothing promoted it (no worker runs): it counts.
    const after = await readQueueBacklog(queue, addedSoon + 100);
    expect(after.ready).toBe(8);
    // Ten minutes on, "later" is due too, and has been ready for 50 s at now + 10m50s.
    const much = await readQueueBacklog(queue, addedSoon + 10 * MINUTE + 50_000);
    expect(much.ready).toBe(9);
    expect(much.oldestReadyAgeSeconds).toBeGreaterThanOrEqual(10 * 60 + 49);
  });

  it("gives the age of the oldest ready job, whichever set it is in", async () => {
    const added = Date.now();
    await queue.add("urgent", {}, { priority: 5, jobId: "old-prioritized" });
    const first = await readQueueBacklog(queue, added + 30_000);
    expect(first.ready).toBe(1);
    expect(first.oldestReadyAgeSeconds).toBeGreaterThanOrEqual(29);
    expect(first.oldestReadyAgeSeconds).toBeLessThan(32);
    // A later plain job does not hide the older prioritized one.
    await queue.add("plain", {}, { jobId: "new-plain" });
    expect(
      (await readQueueBacklog(queue, added + 30_000)).oldestReadyAgeSeconds,
    ).toBeGreaterThanOrEqual(29);
    // An empty queue is 0 seconds old.
    await queue.drain();
    expect(await readQueueBacklog(queue)).toEqual({
      ready: 0,
      oldestReadyAgeSeconds: 0,
      active: 0,
    });
  });

  it("exports ready, age, active and completions per queue from a worker's registry", async () => {
    const registry = createRegistry("test");
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const workerConnection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const worker = new Worker("scaling", () => held, {
      connection: workerConnection,
      prefix,
      concurrency: 2,
    });
    worker.on("error", () => undefined);
    registerScalingMetrics(registry, { queues: [queue], workers: [worker] });
    try {
      await queue.addBulk(
        Array.from({ length: 6 }, (_, index) => ({
          name: "job",
          data: {},
          opts: { priority: index % 2 ? 3 : undefined },
        })),
      );
      await waitFor(async () => (await queue.getActiveCount()) === 2, { what: "two jobs active" });
      const busy = await registry.metrics();
      expect(sample(busy, "queue_ready_jobs", "scaling")).toBe(4);
      expect(sample(busy, "queue_active_jobs", "scaling")).toBe(2);
      expect(sample(busy, "queue_oldest_ready_age_seconds", "scaling")).toBeGreaterThanOrEqual(0);
      release();
      await waitFor(async () => (await queue.getCompletedCount()) === 6, { what: "all completed" });
      const done = await registry.metrics();
      expect(sample(done, "queue_jobs_completed_total", "scaling")).toBe(6);
      expect(sample(done, "queue_ready_jobs", "scaling")).toBe(0);
    } finally {
      release();
      await worker.close();
      workerConnection.disconnect();
    }
  });
});
