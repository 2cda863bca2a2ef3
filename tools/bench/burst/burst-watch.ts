import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Pool } from "pg";
import { finalHeadSha } from "./burst-deliveries";

/** Jobs not yet done: waiting, active, delayed or prioritized (a paused queue keeps its jobs in waiting). */
export async function pending(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** Pull requests of `repositoryId` stored in their final state: closed, on their last head, checks passed. */
export async function finalPullRequests(db: Pool, repositoryId: number): Promise<number> {
  const { rows } = await db.query<{ number: number; head_sha: string }>(
    `select number, head_sha from pull_requests
      where repository_id = $1 and state = 'CLOSED' and checks_state = 'SUCCESS'`,
    [repositoryId],
  );
  return rows.filter((row) => row.head_sha === finalHeadSha(repositoryId, row.number)).length;
}

/** Counts of the stored (state, checks state, on its last head) of `repositoryId`'s pull requests, for a report. */
export async function describeStored(db: Pool, repositoryId: number): Promise<string> {
  const { rows } = await db.query<{
    number: number;
    state: string;
    checks_state: string;
    head_sha: string;
  }>("select number, state, checks_state, head_sha from pull_requests where repository_id = $1", [
    repositoryId,
  ]);
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.state}/${row.checks_state}/${row.head_sha === finalHeadSha(repositoryId, row.number) ? "last head" : "older head"}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return JSON.stringify(Object.fromEntries(counts));
}

export interface Peaks {
  /** Most pending jobs seen per queue. */
  depth: Record<string, number>;
  /** Highest `used_memory` seen, bytes. */
  redisMemory: number;
}

/** Samples queue depths and Redis memory every `intervalMs` until stopped. */
export function watchPeaks(redis: Redis, queues: readonly Queue[], intervalMs = 200) {
  const peaks: Peaks = {
    depth: Object.fromEntries(queues.map((queue) => [queue.name, 0])),
    redisMemory: 0,
  };
  let running = true;
  const loop = (async () => {
    // Sampling stops with the run; a connection closed under it ends it too.
    while (running && redis.status === "ready") {
      const [memory, ...depths] = await Promise.all([
        redis.info("memory"),
        ...queues.map((queue) => pending(queue)),
      ]);
      const used = Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0);
      peaks.redisMemory = Math.max(peaks.redisMemory, used);
      queues.forEach((queue, index) => {
        peaks.depth[queue.name] = Math.max(peaks.depth[queue.name]!, depths[index]!);
      });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    peaks,
    async stop(): Promise<Peaks> {
      running = false;
      await loop;
      return peaks;
    },
  };
}

/** Polls `check` every 100 ms until it holds; throws with `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench:burst: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
