import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Router } from "express";
import type { Queue } from "bullmq";
import { z } from "zod";
import { PRIORITIES } from "@hookline/config";
import { fromBodyParser, HttpError } from "@hookline/http-errors";
import type { Logger } from "@hookline/observability";
import {
  EVENT_TYPE_PATTERN,
  publishNotifications,
  toJobId,
  type NotificationJob,
} from "@hookline/queue";
import { AppError } from "../errors/app-error";
import { rethrowQueueError } from "../errors/queue-errors";
import type { DedupeStore } from "../gate/dedupe-store";
import type { RefusalLimit } from "../gate/refusal-limit";
import { requireBearerToken } from "./bearer-token";
import { clientNetworkKey } from "@hookline/client-network";

const publishedEventSchema = z.object({
  event_type: z
    .string()
    .regex(EVENT_TYPE_PATTERN, "expected a dotted lowercase name such as pr.fix.applied"),
  priority: z.enum(PRIORITIES).default("medium"),
  data: z.record(z.string(), z.unknown()).default({}),
  /** Optional idempotency key: publishing the same id twice queues one notification. */
  id: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
      'expected 1-100 letters, digits, ".", "_" or "-", starting with a letter or digit',
    )
    .optional(),
});

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
}

export interface PublishEventDeps {
  queue: Queue<NotificationJob>;
  /** Bearer tokens accepted. */
  tokens: readonly string[];
  /** Ids published recently, so a second post of the same id answers 200 duplicate. */
  dedupe: DedupeStore;
  /** Counts refused requests (400/401/415) per client address, as on the webhook routes. */
  refusalLimit: RefusalLimit;
  /** Refused requests per minute per client address (`incoming.rate_limit`); 0: off. */
  rateLimit: number;
  logger: Logger;
}

// Source names are `[a-z0-9][a-z0-9_-]*`, so this bucket is never a webhook source's.
const REFUSAL_BUCKET = "/events";

/**
 * Refused publishes (bad or missing token, malformed body, wrong content
 * type) count toward the client address's refusal limit like refused
 * webhooks, so a token-guessing flood gets 429 + Retry-After; each is logged
 * with its status and address (never the Authorization header). Anything
 * else (500, 503) goes on to the error responder unchanged.
 */
function refusedPublish(
  deps: PublishEventDeps,
  started: WeakMap<object, number>,
): ErrorRequestHandler {
  return (error, req, _res, next) => {
    const known = error instanceof HttpError ? error : fromBodyParser(error);
    if (!known || known.status >= 499) return next(error);
    const clientIp = req.ip ?? "";
    // Counted per client network (an IPv6 /64), so rotating addresses resets nothing.
    const bucket = `${REFUSAL_BUCKET}:${clientNetworkKey(clientIp)}`;
    deps.refusalLimit(known, bucket, deps.rateLimit).then((answer) => {
      const status = answer instanceof HttpError ? answer.status : 500;
      const began = started.get(req);
      if (deps.logger.isLevelEnabled("info"))
        deps.logger.info("event publish refused", {
          status,
          code: answer instanceof HttpError ? answer.code : undefined,
          source_ip: clientIp,
          ...(began === undefined
            ? {}
            : { processing_ms: Math.round((performance.now() - began) * 100) / 100 }),
        });
      next(answer);
    }, next);
  };
}

/**
 * POST /events: other services publish outgoing notifications. 202 queued
 * once Redis holds it; 200 duplicate for an id published before; 503 only
 * when Redis is unavailable; 429 + Retry-After once an address sent more
 * than `rateLimit` refused requests in a minute (valid ones never count).
 */
export function publishEventRouter(deps: PublishEventDeps): Router {
  const { queue, tokens, dedupe } = deps;
  const router = express.Router();
  const started = new WeakMap<object, number>();
  router.post(
    "/events",
    (req, _res, next) => {
      started.set(req, performance.now());
      next();
    },
    requireBearerToken(tokens),
    (req, _res, next) =>
      next(
        req.is("application/json")
          ? undefined
          : new AppError("UNSUPPORTED_MEDIA_TYPE", "content type must be application/json"),
      ),
    express.json({ limit: "1mb" }),
    async (req, res) => {
      const parsed = publishedEventSchema.safeParse(req.body);
      if (!parsed.success) throw new AppError("MALFORMED_BODY", describe(parsed.error));
      const { id = `evt-${randomUUID()}`, ...event } = parsed.data;
      const jobId = toJobId(id);
      if (await dedupe.seen(jobId).catch(rethrowQueueError)) {
        res.status(200).json({ status: "duplicate", id });
        return;
      }
      await publishNotifications(queue, [{ id, ...event }], "api").catch(rethrowQueueError);
      dedupe
        .remember(jobId)
        .catch((error) => deps.logger.warn("could not record event id", { id, error }));
      res.status(202).json({ status: "queued", id });
    },
  );
  router.use("/events", refusedPublish(deps, started));
  return router;
}
