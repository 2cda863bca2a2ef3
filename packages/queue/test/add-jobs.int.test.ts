import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { testPrefix, testRedisUrl } from "@hookline/test-utils";
import { addJobs } from "../src/add-jobs";

describe("addJobs", () => {
  let redis: Redis;
  let queue: Queue<{ n: number }>;

  beforeEach(() => {
    redis = new Redis(testRedisUrl());
    queue = new Queue<{ n: number }>("add-jobs", { connection: redis, prefix: testPrefix() });
  });
  afterEach(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  });

  const job = (n: number) => ({
    name: "job",
    data: { n },
    opts: { jobId: `job-${n}`, priority: n },
  });

  it("adds nothing for no jobs", async () => {
    await addJobs(queue, []);
    expect(await queue.count()).toBe(0);
  });

  it("adds one job with its id, data and options", async () => {
    await addJobs(queue, [job(3)]);
    const added = await queue.getJob("job-3");
    expect(added?.data).toEqual({ n: 3 });
    expect(added?.opts.priority).toBe(3);
    expect(await queue.count()).toBe(1);
  });

  it("adds several jobs, and adding them again changes nothing", async () => {
    await addJobs(queue, [job(1), job(2), job(3)]);
    await addJobs(queue, [job(1), job(2), job(3)]);
    await addJobs(queue, [job(2)]);
    const ids = (await queue.getJobs(["prioritized", "waiting"])).map((added) => added.id).sort();
    expect(ids).toEqual(["job-1", "job-2", "job-3"]);
  });
});
