import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { testPrefix, testRedisUrl, waitFor } from "@hookline/test-utils";
import { createWorkerDrain } from "../src/worker-drain";

const logger = { info: () => undefined, error: () => undefined };
// Long locks, as in production: a job left behind by a stopped replica would
// wait this long (plus a stalled check) before anyone took it again.
const LOCK_MS = 30_000;

describe("draining a BullMQ worker with a deadline", () => {
  const connections: Redis[] = [];
  const connect = () => {
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };
  let queue: Queue;
  let prefix: string;
  beforeEach(() => {
    prefix = testPrefix();
    queue = new Queue("drain", { connection: connect(), prefix });
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    for (const connection of connections.splice(0)) connection.disconnect();
  });

  function worker(processor: (job: Job) => Promise<unknown>): Worker {
    const created = new Worker("drain", processor, {
      connection: connect(),
      prefix,
      concurrency: 4,
      lockDuration: LOCK_MS,
      stalledInterval: LOCK_MS,
      autorun: false,
    });
    created.on("error", () => undefined);
    return created;
  }

  it("lets jobs in hand finish within the deadline and takes no new ones", async () => {
    const started: string[] = [];
    const first = worker(async (job) => {
      started.push(job.id!);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    const drain = createWorkerDrain(first, logger);
    await queue.addBulk(
      Array.from({ length: 8 }, (_, index) => ({
        name: "job",
        data: {},
        opts: { jobId: `job-${index}` },
      })),
    );
    void first.run();
    await waitFor(async () => started.length === 4, { what: "four jobs started" });
    expect(await drain.drain(5_000)).toEqual([]);
    expect(await queue.getCompletedCount()).toBe(4);
    expect(started).toHaveLength(4);
    expect(await queue.getWaitingCount()).toBe(4);
  });

  it("hands jobs still running at the deadline to another replica at once, not after the lock expires", async () => {
    let unstick: () => void = () => undefined;
    const stuckUntilTheEnd = new Promise<void>((resolve) => (unstick = resolve));
    const stuck = worker(() => stuckUntilTheEnd); // runs past any deadline
    const drain = createWorkerDrain(stuck, logger);
    await queue.addBulk(
      [0, 1].map((index) => ({ name: "job", data: {}, opts: { jobId: `stuck-${index}` } })),
    );
    void stuck.run();
    await waitFor(async () => (await queue.getActiveCount()) === 2, { what: "two jobs active" });

    const drainStarted = Date.now();
    expect((await drain.drain(500)).sort()).toEqual(["stuck-0", "stuck-1"]);
    const taken: Array<{ id: string; at: number }> = [];
    const other = worker(async (job) => void taken.push({ id: job.id!, at: Date.now() }));
    void other.run();
    await waitFor(async () => (await queue.getCompletedCount()) === 2, {
      what: "both completed elsewhere",
      timeoutMs: 10_000,
    });
    expect(taken.map((entry) => entry.id).sort()).toEqual(["stuck-0", "stuck-1"]);
    // Well inside the lock duration: nobody waited for a stalled check.
    for (const entry of taken) expect(entry.at - drainStarted).toBeLessThan(5_000);
    await other.close();
    // The stuck processors finish at last: their results are refused (the lock is gone), nothing runs twice.
    unstick();
    await stuck.close();
    expect(await queue.getCompletedCount()).toBe(2);
  });
});
