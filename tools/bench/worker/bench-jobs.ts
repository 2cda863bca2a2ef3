import { randomUUID } from "node:crypto";
import type { Queue } from "bullmq";
import { eventJob } from "@hookline/test-utils";
import { checkPayload, pullRequestPayload } from "../github-payloads";

/** The timed events' repository, and the warm-up's (another one, so warm-up rows never help). */
export const BENCH_REPOSITORY = 1_296_269;
export const WARM_UP_REPOSITORY = 1_296_270;

export type BenchJob = ReturnType<typeof benchJobs>[number];

/**
 * The events of one pull request, in order: three pull_request events (8 KB
 * payloads: opened, edited, synchronize) and the checks GitHub sends for its
 * head commit -- check_run created (queued), completed, rerequested, and
 * check_suite completed.
 */
const MIX = [
  ["pull_request", "opened"],
  ["pull_request", "edited"],
  ["pull_request", "synchronize"],
  ["check_run", "created"],
  ["check_run", "completed"],
  ["check_run", "rerequested"],
  ["check_suite", "completed"],
] as const;

/**
 * `count` github-events jobs: count / 7 pull requests, the seven events of
 * MIX each, fresh delivery ids tagged with `prefixTag`. Queued step by step
 * across the pull requests (every opened, then every edited, …), as a busy
 * organisation's traffic interleaves: GitHub sends one pull request's events
 * seconds to minutes apart, never seven back to back.
 */
export function benchJobs(prefixTag: string, count: number, repositoryId = BENCH_REPOSITORY) {
  const pullRequests = Math.ceil(count / MIX.length);
  return Array.from({ length: count }, (_, index) => {
    const number = (index % pullRequests) + 1;
    const step = Math.floor(index / pullRequests);
    const [event, action] = MIX[step]!;
    const at = new Date(Date.UTC(2026, 10, 28, 9, 0, step)).toISOString();
    const payload =
      event === "pull_request"
        ? { ...pullRequestPayload(number, repositoryId, at), action }
        : checkPayload(event, action, number, repositoryId, at);
    const id = `${prefixTag}-${randomUUID()}`;
    return { name: "github", data: eventJob(event, payload, id), opts: { jobId: id } };
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
