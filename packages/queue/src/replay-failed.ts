import type { Job, Queue } from "bullmq";
import { toJobId } from "./jobs/job-id";

export interface ReplayOptions {
  /** Replay this one job: its caller id (delivery or notification id) or its job id. */
  jobId?: string;
  /** Replay failed jobs that failed at or after this time (all failed jobs when omitted). */
  since?: Date;
}

const PAGE = 500;

async function retry(job: Job): Promise<void> {
  // A fresh set of attempts: the receiver (or database) was presumably fixed.
  await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
}

/**
 * Moves failed jobs (the dead-letter queue) back to waiting. Job ids do not
 * change, so a replayed delivery keeps its webhook-id and a replayed event
 * its delivery id: consumers see a retry, not a new message.
 */
export async function replayFailed(queue: Queue, options: ReplayOptions = {}): Promise<string[]> {
  if (options.jobId) {
    const job = await queue.getJob(toJobId(options.jobId));
    if (!job) throw new Error(`no job ${options.jobId} in ${queue.name}`);
    if (!(await job.isFailed()))
      throw new Error(`job ${options.jobId} in ${queue.name} is not failed`);
    await retry(job);
    return [options.jobId];
  }
  const replayed: string[] = [];
  // Failed jobs leave the set as they are retried, so always read the first page again.
  for (let offset = 0; ;) {
    const page = await queue.getFailed(offset, offset + PAGE - 1);
    if (page.length === 0) return replayed;
    let skipped = 0;
    for (const job of page) {
      if (options.since && (job.finishedOn ?? 0) < options.since.getTime()) {
        skipped += 1;
        continue;
      }
      await retry(job);
      replayed.push(job.id!);
    }
    offset += skipped;
  }
}
