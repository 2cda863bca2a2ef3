import type { Job, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { replayMarkerOf, toJobId, type QueueName, type ReplayMarker } from "@hookline/queue";
import { describeDeadLetter, type DeadLetter } from "./dead-letter";
import { matchesSelector, type ReplaySelector } from "./replay-selector";

const PAGE = 500;

/** Why a replay of one named job was refused; `code` is the API's error code. */
export class ReplayRefused extends Error {
  constructor(
    readonly code: "JOB_NOT_FOUND" | "JOB_NOT_FAILED" | "JOB_PERMANENT",
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

// Writes the job's new data only if the job is still in the failed set and
// its data is still what the replayer read: a compare-and-set, so a replay
// that lost a race (another operator replayed it, it ran, its data changed)
// changes nothing. KEYS: failed set, job hash. ARGV: job id, data read, new data.
const SET_DATA_IF_FAILED = `
if not redis.call("ZSCORE", KEYS[1], ARGV[1]) then return -3 end
if redis.call("HGET", KEYS[2], "data") ~= ARGV[2] then return -4 end
redis.call("HSET", KEYS[2], "data", ARGV[3])
return 1`;

/**
 * Moves one dead letter back to waiting with a fresh set of attempts and a
 * replay marker. The job id does not change, so a replayed delivery keeps
 * its webhook-id and a replayed event its delivery id: consumers see a
 * retry, not a new message. The marker is written only if the job is still
 * failed with the data `job` was read with (one Lua step), then BullMQ's
 * retry moves it (checking the state again, atomically). A replay that loses
 * a race to another operator or replica throws ReplayRefused("JOB_NOT_FAILED")
 * having changed nothing; ReplayRefused("JOB_NOT_FOUND") if it was removed.
 */
export async function replayJob(job: Job, queue: Queue, now = new Date()): Promise<ReplayMarker> {
  const marker = { count: (replayMarkerOf(job.data)?.count ?? 0) + 1, at: now.toISOString() };
  const client = (await queue.getBackend().client) as unknown as Redis;
  const where = `job ${job.id} in ${job.queueName}`;
  const set = Number(
    await client.eval(
      SET_DATA_IF_FAILED,
      2,
      queue.keys.failed!,
      queue.toKey(job.id!),
      job.id!,
      JSON.stringify(job.data),
      JSON.stringify({ ...(job.data as object), replay: marker }),
    ),
  );
  if (set === JOB_NOT_IN_STATE)
    throw new ReplayRefused(
      "JOB_NOT_FAILED",
      `${where} is no longer failed (replayed or moved meanwhile): only failed jobs are replayed`,
    );
  if (set !== 1)
    throw new ReplayRefused(
      "JOB_NOT_FAILED",
      `${where} changed since it was read (replayed meanwhile): nothing was changed`,
    );
  try {
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
  /** Matched jobs that are never replayed (permanent failures of their own data), with why. */
  refused: Array<{ id: string; reason: string }>;
}

/**
 * Replays dead letters already found, once each; those that failed for good
 * on their own data are left (reported in `refused`), and those gone from the
 * failed set since they were read are skipped (someone else replayed or
 * cleaned them). Returns the ids replayed.
 */
export async function replayFound(
  queue: Queue,
  found: ReadonlyArray<{ job: Job; letter: DeadLetter }>,
): Promise<string[]> {
  const replayed: string[] = [];
  for (const { job, letter } of found) {
    if (letter.replayRefusal) continue;
    try {
      await replayJob(job, queue);
      replayed.push(job.id!);
    } catch (error) {
      if (!(error instanceof ReplayRefused)) throw error;
    }
  }
  return replayed;
}

/** The refused part of a found set: permanent failures of the job's own data. */
export function refusedOf(
  found: ReadonlyArray<{ letter: DeadLetter }>,
): Array<{ id: string; reason: string }> {
  return found
    .filter(({ letter }) => letter.replayRefusal)
    .map(({ letter }) => ({ id: letter.id, reason: letter.replayRefusal! }));
}

/**
 * Finds the dead letters a selector picks and, unless dryRun, replays each
 * once. A selector naming one job throws ReplayRefused when it cannot be
 * replayed (not found, not failed, failed for good, lost a race).
 */
export async function replayDeadLetters(
  queue: Queue,
  selector: ReplaySelector,
  options: { dryRun?: boolean } = {},
): Promise<ReplayResult> {
  const found = await findDeadLetters(queue, selector);
  const matched = found.map(({ letter }) => letter.id);
  const refused = refusedOf(found);
  if (options.dryRun) return { matched, replayed: [], refused };
  if (selector.jobId !== undefined) {
    for (const { job, letter } of found) {
      if (letter.replayRefusal) throw new ReplayRefused("JOB_PERMANENT", letter.replayRefusal);
      await replayJob(job, queue);
    }
    return { matched, replayed: found.map(({ job }) => job.id!), refused };
  }
  return { matched, replayed: await replayFound(queue, found), refused };
}
