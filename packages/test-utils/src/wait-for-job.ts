import type { Job, JobState, Queue } from "bullmq";
import { waitFor } from "./wait-for";

/**
 * Waits until the job is in one of `states`, then returns it freshly read:
 * a Job fetched before it settled still has the old failedReason, attempts, etc.
 */
export async function waitForJob<Data>(
  queue: Queue<Data>,
  jobId: string,
  states: readonly (JobState | "unknown")[],
  timeoutMs = 15_000,
): Promise<Job<Data>> {
  await waitFor(async () => states.includes((await queue.getJobState(jobId)) as JobState), {
    timeoutMs,
    what: `${queue.name} job ${jobId} to be ${states.join(" or ")}`,
  });
  return (await queue.getJob(jobId))!;
}
