import type { Queue } from "bullmq";
import {
  findDeadLetters,
  replayDeadLetters,
  replayJob,
  ReplayRefused,
  type ReplayResult,
} from "@hookline/queue";
import type { AuditLog, AuditOrigin } from "../audit/audit-log";
import { describeSelector, type ReplayRequest } from "./replay-request";

export interface ReplayOutcome extends ReplayResult {
  queue: string;
  dryRun: boolean;
}

/**
 * The one replay every front door runs: finds the dead letters, replays them
 * unless it is a dry run, and records who did it in the audit log. A
 * ReplayRefused (job not found / not failed) propagates to the caller.
 */
export async function runReplay(
  queue: Queue,
  request: ReplayRequest,
  audit: AuditLog,
  actor: { name: string; origin: AuditOrigin },
): Promise<ReplayOutcome> {
  const result = await replayDeadLetters(queue, request.selector, { dryRun: request.dryRun });
  if (!request.dryRun) await recordReplay(audit, actor, queue, request, result.replayed);
  return { ...result, queue: queue.name, dryRun: request.dryRun };
}

export interface ShownReplayOutcome {
  /** The job ids the dry run showed (and the operator confirmed). */
  shown: string[];
  /** Those of them replayed now: the ones still failed. */
  replayed: string[];
}

/**
 * The confirm step of the dead-letter view: replays exactly the jobs a dry
 * run showed that are still failed — never one that appeared since — and
 * records it under the dry run's selector. Shown jobs that were replayed,
 * cleaned or removed meanwhile are skipped.
 */
export async function runShownReplay(
  queue: Queue,
  request: ReplayRequest,
  shown: readonly string[],
  audit: AuditLog,
  actor: { name: string; origin: AuditOrigin },
): Promise<ShownReplayOutcome> {
  const replayed: string[] = [];
  for (const jobId of new Set(shown)) {
    try {
      const [found] = await findDeadLetters(queue, { jobId });
      if (!found) continue;
      await replayJob(found.job);
      replayed.push(found.job.id!);
    } catch (error) {
      if (!(error instanceof ReplayRefused)) throw error;
    }
  }
  if (replayed.length > 0) await recordReplay(audit, actor, queue, request, replayed);
  return { shown: [...shown], replayed };
}

function recordReplay(
  audit: AuditLog,
  actor: { name: string; origin: AuditOrigin },
  queue: Queue,
  request: ReplayRequest,
  jobIds: string[],
): Promise<void> {
  return audit.record({
    actor: actor.name,
    action: "replay",
    origin: actor.origin,
    queue: queue.name,
    selector: describeSelector(request.selector),
    jobIds,
  });
}
