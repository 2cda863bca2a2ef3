import type { Queue } from "bullmq";
import { toJobId } from "@hookline/queue";
import { audited, type AuditLog, type AuditOrigin } from "../audit/audit-log";
import {
  findDeadLetters,
  refusedOf,
  replayFound,
  replayJob,
  ReplayRefused,
  type ReplayResult,
} from "../dead-letters/replay-dead-letters";
import { describeSelector, type ReplayRequest } from "./replay-request";

export interface ReplayOutcome extends ReplayResult {
  queue: string;
  dryRun: boolean;
}

type Actor = { name: string; origin: AuditOrigin };

const isRefusal = (error: unknown) => error instanceof ReplayRefused;

/**
 * The one replay every front door runs: finds the dead letters and, unless
 * it is a dry run, records the intent (the jobs it means to replay) in the
 * audit log, replays them, and records the outcome (the jobs it replayed,
 * or the refusal or error). If the intent cannot be recorded nothing is
 * replayed. A ReplayRefused (job not found / not failed / failed for good)
 * propagates to the caller, recorded as refused.
 */
export async function runReplay(
  queue: Queue,
  request: ReplayRequest,
  audit: AuditLog,
  actor: Actor,
): Promise<ReplayOutcome> {
  const entry = (jobIds: readonly string[]) => ({
    actor: actor.name,
    action: "replay" as const,
    origin: actor.origin,
    queue: queue.name,
    selector: describeSelector(request.selector),
    jobIds,
  });
  let found: Awaited<ReturnType<typeof findDeadLetters>>;
  try {
    found = await findDeadLetters(queue, request.selector);
  } catch (error) {
    if (!request.dryRun && isRefusal(error))
      await audit.refused(entry([]), (error as Error).message);
    throw error;
  }
  const matched = found.map(({ letter }) => letter.id);
  const refused = refusedOf(found);
  const result = { queue: queue.name, dryRun: request.dryRun, matched, refused };
  if (request.dryRun) return { ...result, replayed: [] };
  const named = request.selector.jobId !== undefined;
  const replayed = await audited(
    audit,
    entry(matched),
    async () => {
      if (!named) return replayFound(queue, found);
      for (const { job, letter } of found) {
        if (letter.replayRefusal) throw new ReplayRefused("JOB_PERMANENT", letter.replayRefusal);
        await replayJob(job, queue);
      }
      return matched;
    },
    isRefusal,
  );
  return { ...result, replayed };
}

export interface ShownReplayOutcome {
  /** The job ids the dry run showed (and the operator confirmed). */
  shown: string[];
  /** Those of them replayed now: the ones still failed and still matching the dry run's selector. */
  replayed: string[];
}

/**
 * The confirm step of the dead-letter view: replays exactly the jobs a dry
 * run showed that are still failed and still match the dry run's selector —
 * never one that appeared since, never one the form names that the selector
 * does not pick — and records it under the dry run's selector (intent
 * first, outcome after). Shown jobs replayed, cleaned or removed meanwhile,
 * and permanent failures, are skipped.
 */
export async function runShownReplay(
  queue: Queue,
  request: ReplayRequest,
  shown: readonly string[],
  audit: AuditLog,
  actor: Actor,
): Promise<ShownReplayOutcome> {
  const found: Awaited<ReturnType<typeof findDeadLetters>> = [];
  const named = request.selector.jobId;
  for (const jobId of new Set(shown)) {
    // A dry run of one job confirms that job only.
    if (named !== undefined && toJobId(named) !== toJobId(jobId)) continue;
    try {
      found.push(...(await findDeadLetters(queue, { ...request.selector, jobId })));
    } catch (error) {
      if (!isRefusal(error)) throw error;
    }
  }
  if (found.length === 0) return { shown: [...shown], replayed: [] };
  const replayed = await audited(
    audit,
    {
      actor: actor.name,
      action: "replay",
      origin: actor.origin,
      queue: queue.name,
      selector: describeSelector(request.selector),
      jobIds: found.map(({ letter }) => letter.id),
    },
    () => replayFound(queue, found),
    isRefusal,
  );
  return { shown: [...shown], replayed };
}
