import type { Queue } from "bullmq";
import { replayDeadLetters, type ReplayResult } from "@hookline/queue";
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
  if (!request.dryRun)
    await audit.record({
      actor: actor.name,
      action: "replay",
      origin: actor.origin,
      queue: queue.name,
      selector: describeSelector(request.selector),
      jobIds: result.replayed,
    });
  return { ...result, queue: queue.name, dryRun: request.dryRun };
}
