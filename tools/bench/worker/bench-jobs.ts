import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import { eventJob } from "@hookline/test-utils";
import { pullRequestPayload } from "../github-payloads";

/** The timed events' repository, and the warm-up's (another one, so warm-up rows never help). */
export const BENCH_REPOSITORY = 1_296_269;
export const WARM_UP_REPOSITORY = 1_296_270;

export type BenchJob = ReturnType<typeof benchJobs>[number];

/**
 * `count` github-events jobs with 8 KB pull_request payloads: count / 3 pull
 * requests, three events each (opened, edited, synchronize), fresh delivery
 * ids tagged with `prefixTag`.
 */
export function benchJobs(prefixTag: string, count: number, repositoryId = BENCH_REPOSITORY) {
  const actions = ["opened", "edited", "synchronize"];
  return Array.from({ length: count }, (_, index) => {
    const number = Math.floor(index / 3) + 1;
    const payload = pullRequestPayload(
      number,
      repositoryId,
      new Date(Date.UTC(2026, 10, 28, 9, 0, index % 3)).toISOString(),
    );
    payload.action = actions[index % 3];
    const id = `${prefixTag}-${randomUUID()}`;
    return { name: "github", data: eventJob("pull_request", payload, id), opts: { jobId: id } };
  });
}

/** Adds the jobs 500 at a time. */
export async function addAll(queue: Queue, all: readonly BenchJob[]): Promise<void> {
  for (let i = 0; i < all.length; i += 500) await queue.addBulk(all.slice(i, i + 500));
}

/** Polls `check` every 50 ms; throws after `timeoutMs` (default 10 minutes). */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("benchmark did not finish in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
