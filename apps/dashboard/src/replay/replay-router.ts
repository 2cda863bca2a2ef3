import express, { type Router } from "express";
import type { Queue } from "bullmq";
import type { AuditLog } from "../audit/audit-log";
import { userOf } from "../users/authenticate";
import { requirePermission } from "../users/require-permission";
import { replayErrorOf } from "./replay-error";
import { parseReplayRequest, type ReplayFields } from "./replay-request";
import { runReplay } from "./run-replay";

/**
 * POST /api/replay {"queue"?, "job"?, "repo"?, "pr"?, "channel"?, "event"?,
 * "since"?, "until"? (ISO times with a zone), "all"?, "dry_run"?}
 * → 200 {"queue", "dry_run", "matched", "replayed", "job_ids", "refused": [{"id", "reason"}]}
 * (refused: matched jobs that failed for good on their own data, never replayed). Errors are
 * `{"error":{"code","message"}}`: 400 unclear request, 403 role, 404 no such
 * job, 409 a named job that is not failed. Operators and admins only.
 */
export function replayRouter(
  queues: ReadonlyMap<string, Queue>,
  audit: AuditLog,
  timeZone: string,
): Router {
  const router = express.Router();
  router.post(
    "/api/replay",
    requirePermission("replay"),
    express.json({ limit: "16kb" }),
    async (req, res, next) => {
      try {
        const request = parseReplayRequest((req.body ?? {}) as ReplayFields, timeZone);
        const outcome = await runReplay(queues.get(request.queue)!, request, audit, {
          name: userOf(res).name,
          origin: "api",
        });
        const jobIds = outcome.dryRun ? outcome.matched : outcome.replayed;
        res.json({
          queue: outcome.queue,
          dry_run: outcome.dryRun,
          matched: outcome.matched.length,
          replayed: outcome.replayed.length,
          job_ids: jobIds,
          refused: outcome.refused,
        });
      } catch (error) {
        next(replayErrorOf(error));
      }
    },
  );
  return router;
}
