import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { Queue } from "bullmq";
import { replayDeadLetters } from "@hookline/queue";
import type { AuditLog } from "../audit/audit-log";
import { HttpError } from "@hookline/http-errors";
import { userOf } from "../users/authenticate";
import { requirePermission } from "../users/require-permission";
import { replayErrorOf } from "../replay/replay-error";

type Handler = (req: Request, res: Response) => Promise<void>;

function guarded(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction) => {
    // A replay another request got to first is a 409 JOB_NOT_FAILED, not a 500.
    handler(req, res).catch((error: unknown) => next(replayErrorOf(error)));
  };
}

/**
 * Bull Board's own mutating API, as this dashboard allows it. Retry of a
 * failed job (one, or the whole failed set) is a replay: fresh attempts,
 * same job id, recorded in the audit log. Retrying anything else, and
 * Empty, Obliterate, Pause, Add job (Duplicate), Update data, Promote,
 * schedulers, rate limits and concurrency are refused for everyone, whatever
 * the UI shows. Cleaning is for admins, and audited.
 */
export function boardGuard(queues: ReadonlyMap<string, Queue>, audit: AuditLog): Router {
  const router = express.Router();
  const queueOf = (req: Request): Queue => {
    const queue = queues.get(String(req.params.queueName));
    if (!queue) throw new HttpError(404, "QUEUE_NOT_FOUND", `no queue ${req.params.queueName}`);
    return queue;
  };
  const record = (
    res: Response,
    action: "retry" | "clean",
    queue: Queue,
    selector: Record<string, unknown>,
    jobIds: string[],
  ) =>
    audit.record({
      actor: userOf(res).name,
      action,
      origin: "ui",
      queue: queue.name,
      selector,
      jobIds,
    });

  router.put(
    "/api/queues/:queueName/retry/:queueStatus",
    requirePermission("replay"),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      if (req.params.queueStatus !== "failed")
        throw new HttpError(403, "NOT_RETRIABLE", "only failed jobs are retried (replayed)");
      const { replayed } = await replayDeadLetters(queue, {});
      await record(res, "retry", queue, { status: "failed", all: true }, replayed);
      res.json({ retried: replayed.length, skipped: 0 });
    }),
  );
  router.put(
    "/api/queues/:queueName/:jobId/retry",
    requirePermission("replay"),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const jobId = String(req.params.jobId);
      // The replay API's own path: 404 for no such job, 409 for one not failed
      // (a completed delivery was delivered and is never sent again).
      const { replayed } = await replayDeadLetters(queue, { jobId });
      await record(res, "retry", queue, { job: jobId }, replayed);
      res.status(204).end();
    }),
  );
  router.put(
    "/api/queues/:queueName/clean/:queueStatus",
    requirePermission("clean"),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const status = String(req.params.queueStatus);
      if (!["completed", "failed"].includes(status))
        throw new HttpError(403, "NOT_CLEANABLE", "only completed or failed jobs are cleaned");
      const removed = await queue.clean(0, 0, status as "completed" | "failed");
      await record(res, "clean", queue, { status }, removed);
      res.json({});
    }),
  );
  router.put(
    "/api/queues/:queueName/:jobId/clean",
    requirePermission("clean"),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const jobId = String(req.params.jobId);
      const job = await queue.getJob(jobId);
      if (!job) throw new HttpError(404, "JOB_NOT_FOUND", `no job ${jobId} in ${queue.name}`);
      await job.remove();
      await record(res, "clean", queue, { job: jobId }, [jobId]);
      res.status(204).end();
    }),
  );
  router.use("/api", (req, _res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    next(
      new HttpError(
        403,
        "NOT_OFFERED",
        `${req.method} ${req.baseUrl}${req.path} is not offered on this dashboard`,
      ),
    );
  });
  return router;
}
