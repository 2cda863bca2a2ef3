import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { Queue } from "bullmq";
import type { Logger } from "@hookline/observability";
import { HttpError } from "@hookline/http-errors";
import { audited, type AuditLog, type AuditRecord } from "../audit/audit-log";
import { replayDeadLetters } from "../dead-letters/replay-dead-letters";
import { replayErrorOf } from "../replay/replay-error";
import { userOf } from "../users/authenticate";
import { may, type Permission } from "../users/roles";
import { permissionMessage } from "../users/require-permission";
import { boardErrorHandler } from "./board-error";

type Handler = (req: Request, res: Response) => Promise<void>;

function guarded(handler: Handler) {
  return (req: Request, res: Response, next: NextFunction) => {
    // A replay another request got to first is a 409 JOB_NOT_FAILED, not a 500.
    handler(req, res).catch((error: unknown) => next(replayErrorOf(error)));
  };
}

// The job states a single-job clean may remove: finished jobs. A waiting,
// delayed or active job is work already accepted (an event answered 202).
const CLEANABLE = new Set(["completed", "failed"]);

/**
 * Bull Board's own mutating API (under the board's base path), as this
 * dashboard allows it. Retry of a failed job (one, or the whole failed set)
 * is a replay: fresh attempts, same job id. Cleaning completed or failed
 * jobs is for admins. Every retry and clean records its intent in the audit
 * log before it acts and its outcome after, refusals included. Retrying
 * anything else, and Empty, Obliterate, Pause, Add job (Duplicate), Update
 * data, Promote, schedulers, rate limits and concurrency are refused for
 * everyone. Refusals answer in Bull Board's error shape, with the reason.
 */
export function boardGuard(
  queues: ReadonlyMap<string, Queue>,
  audit: AuditLog,
  logger: Logger,
): Router {
  const router = express.Router();
  const queueOf = (req: Request): Queue => {
    const queue = queues.get(String(req.params.queueName));
    if (!queue) throw new HttpError(404, "QUEUE_NOT_FOUND", `no queue ${req.params.queueName}`);
    return queue;
  };
  const entry = (
    req: Request,
    res: Response,
    action: "retry" | "clean",
    selector: Record<string, unknown>,
    jobIds: readonly string[] = [],
  ): AuditRecord => ({
    actor: userOf(res).name,
    action,
    origin: "ui",
    queue: String(req.params.queueName),
    selector,
    jobIds,
  });
  const isRefusal = (error: unknown) => {
    const mapped = replayErrorOf(error);
    return mapped instanceof HttpError && mapped.status < 500;
  };
  /** 403 with the reason, recorded as a refused request, unless the role grants `permission`. */
  const permit =
    (
      permission: Permission,
      action: "retry" | "clean",
      selector: (req: Request) => Record<string, unknown>,
    ) =>
    (req: Request, res: Response, next: NextFunction) => {
      const user = userOf(res);
      if (may(user.role, permission)) return next();
      const reason = permissionMessage(user, permission);
      audit
        .refused(entry(req, res, action, selector(req)), reason)
        .then(() => next(new HttpError(403, "FORBIDDEN", reason)), next);
    };
  const refuse = (
    req: Request,
    res: Response,
    action: "retry" | "clean",
    selector: Record<string, unknown>,
    error: HttpError,
  ) =>
    audit.refused(entry(req, res, action, selector), error.message).then(() => {
      throw error;
    });

  router.put(
    "/api/queues/:queueName/retry/:queueStatus",
    permit("replay", "retry", (req) => ({ status: req.params.queueStatus, all: true })),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const selector = { status: String(req.params.queueStatus), all: true };
      if (req.params.queueStatus !== "failed")
        return refuse(
          req,
          res,
          "retry",
          selector,
          new HttpError(403, "NOT_RETRIABLE", "only failed jobs are retried (replayed)"),
        );
      const { matched } = await replayDeadLetters(queue, {}, { dryRun: true });
      let refused = 0;
      await audited(
        audit,
        entry(req, res, "retry", selector, matched),
        async () => {
          const outcome = await replayDeadLetters(queue, {});
          refused = outcome.refused.length;
          return outcome.replayed;
        },
        isRefusal,
      ).then((replayed) => res.json({ retried: replayed.length, skipped: refused }));
    }),
  );
  router.put(
    "/api/queues/:queueName/:jobId/retry",
    permit("replay", "retry", (req) => ({ job: req.params.jobId })),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const jobId = String(req.params.jobId);
      // The replay API's own path: 404 for no such job, 409 for one not
      // failed (a completed delivery was delivered and is never sent again)
      // or failed for good.
      await audited(
        audit,
        entry(req, res, "retry", { job: jobId }, [jobId]),
        async () => (await replayDeadLetters(queue, { jobId })).replayed,
        isRefusal,
      );
      res.status(204).end();
    }),
  );
  router.put(
    "/api/queues/:queueName/clean/:queueStatus",
    permit("clean", "clean", (req) => ({ status: req.params.queueStatus })),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const status = String(req.params.queueStatus);
      if (!CLEANABLE.has(status))
        return refuse(
          req,
          res,
          "clean",
          { status },
          new HttpError(403, "NOT_CLEANABLE", "only completed or failed jobs are cleaned"),
        );
      await audited(
        audit,
        entry(req, res, "clean", { status }),
        () => queue.clean(0, 0, status as "completed" | "failed"),
        isRefusal,
      );
      res.json({});
    }),
  );
  router.put(
    "/api/queues/:queueName/:jobId/clean",
    permit("clean", "clean", (req) => ({ job: req.params.jobId })),
    guarded(async (req, res) => {
      const queue = queueOf(req);
      const jobId = String(req.params.jobId);
      await audited(
        audit,
        entry(req, res, "clean", { job: jobId }, [jobId]),
        async () => {
          const job = await queue.getJob(jobId);
          if (!job) throw new HttpError(404, "JOB_NOT_FOUND", `no job ${jobId} in ${queue.name}`);
          const state = await job.getState();
          if (!CLEANABLE.has(state))
            throw new HttpError(
              409,
              "NOT_CLEANABLE",
              `job ${jobId} is ${state}: only completed or failed jobs are cleaned (a waiting or delayed job is accepted work)`,
            );
          // BullMQ's remove fails if the job is locked (became active meanwhile).
          await job.remove();
          return [jobId];
        },
        (error) => error instanceof HttpError,
      );
      res.status(204).end();
    }),
  );
  router.use("/api", (req, _res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    next(
      new HttpError(
        403,
        "NOT_OFFERED",
        `${req.method} ${req.path} is not offered on this dashboard: hookline replays failed jobs and cleans finished ones, nothing else`,
      ),
    );
  });
  router.use("/api", boardErrorHandler(logger));
  return router;
}
