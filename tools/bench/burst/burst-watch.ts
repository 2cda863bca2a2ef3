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
    while (running) {
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
