import type { Job, Queue } from "bullmq";
import { toJobId } from "../jobs/job-id";
import type { QueueName } from "../queue-names";
import { describeDeadLetter, type DeadLetter } from "./dead-letter";
import { replayMarkerOf, type ReplayMarker } from "./replay-marker";
import { matchesSelector, type ReplaySelector } from "./replay-selector";

const PAGE = 500;

/** Why a replay of one named job was refused; `code` is the API's error code. */
export class ReplayRefused extends Error {
  constructor(
    readonly code: "JOB_NOT_FOUND" | "JOB_NOT_FAILED",
    message: string,
  ) {
    super(message);
    this.name = "ReplayRefused";
  }
}

/** `jobId`: the job's id, or the caller's id it was made from (toJobId). */
async function namedJob(queue: Queue, jobId: string): Promise<Job> {
  const job = await queue.getJob(toJobId(jobId));
  if (!job) throw new ReplayRefused("JOB_NOT_FOUND", `no job ${jobId} in ${queue.name}`);
  if (!(await job.isFailed()))
    throw new ReplayRefused(
      "JOB_NOT_FAILED",
      `job ${jobId} in ${queue.name} is ${await job.getState()}, not failed: only failed jobs are replayed`,
    );
  return job;
}

/**
 * The failed jobs (dead letters) a selector picks, newest failure first, at
 * most `limit`. A selector naming a job that exists but is not failed throws
 * ReplayRefused("JOB_NOT_FAILED"); one naming no job, "JOB_NOT_FOUND".
 */
export async function findDeadLetters(
  queue: Queue,
  selector: ReplaySelector,
  limit = Number.POSITIVE_INFINITY,
): Promise<Array<{ job: Job; letter: DeadLetter }>> {
  const name = queue.name as QueueName;
  if (selector.jobId !== undefined) {
    const job = await namedJob(queue, selector.jobId);
    const letter = describeDeadLetter(name, job);
    return matchesSelector(letter, selector) ? [{ job, letter }] : [];
  }
  const found: Array<{ job: Job; letter: DeadLetter }> = [];
  for (let start = 0; found.length < limit; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    for (const job of page) {
      const letter = describeDeadLetter(name, job);
      if (matchesSelector(letter, selector)) found.push({ job, letter });
      if (found.length >= limit) break;
    }
    if (page.length < PAGE) break;
  }
  return found;
}

// BullMQ's script codes (ErrorCode in bullmq): the job's key is gone, or it is in another state.
const JOB_NOT_EXIST = -1;
const JOB_NOT_IN_STATE = -3;

/** A BullMQ "job is gone / no longer failed" error as ReplayRefused; anything else as is. */
function refusalOf(error: unknown, job: Job): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  const where = `job ${job.id} in ${job.queueName}`;
  if (code === JOB_NOT_IN_STATE)
    return new ReplayRefused(
      "JOB_NOT_FAILED",
      `${where} is no longer failed (replayed or moved meanwhile): only failed jobs are replayed`,
    );
  if (code === JOB_NOT_EXIST)
    return new ReplayRefused("JOB_NOT_FOUND", `${where} was removed meanwhile`);
  return error;
}

/**
 * Moves one dead letter back to waiting with a fresh set of attempts and a
 * replay marker. The job id does not change, so a replayed delivery keeps
 * its webhook-id and a replayed event its delivery id: consumers see a
 * retry, not a new message. Throws ReplayRefused("JOB_NOT_FAILED") if the
 * job is no longer failed (another replica or operator replayed it first —
 * BullMQ's retry checks the state atomically), so nothing is sent twice;
 * ReplayRefused("JOB_NOT_FOUND") if it was removed meanwhile.
 */
export async function replayJob(job: Job, now = new Date()): Promise<ReplayMarker> {
  const marker = { count: (replayMarkerOf(job.data)?.count ?? 0) + 1, at: now.toISOString() };
  try {
    await job.updateData({ ...(job.data as object), replay: marker });
    await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  } catch (error) {
    throw refusalOf(error, job);
  }
  return marker;
}

export interface ReplayResult {
  /** Jobs the selector matched (what a dry run reports). */
  matched: string[];
  /** Jobs moved back to waiting (empty for a dry run). */
  replayed: string[];
}

/** Finds the dead letters a selector picks and, unless dryRun, replays each once. */
export async function replayDeadLetters(
  queue: Queue,
  selector: ReplaySelector,
  options: { dryRun?: boolean } = {},
): Promise<ReplayResult> {
  const found = await findDeadLetters(queue, selector);
  const matched = found.map(({ letter }) => letter.id);
  if (options.dryRun) return { matched, replayed: [] };
  const replayed: string[] = [];
  for (const { job } of found) {
    try {
      await replayJob(job);
      replayed.push(job.id!);
    } catch (error) {
      // Gone from the failed set since it was read: someone else replayed or cleaned it.
      if (!(error instanceof ReplayRefused) || selector.jobId !== undefined) throw error;
    }
  }
  return { matched, replayed };
}
