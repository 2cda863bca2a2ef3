import { randomUUID } from "node:crypto";
import express, { type Router } from "express";
import type { Queue } from "bullmq";
import { z } from "zod";
import { PRIORITIES } from "@hookline/config";
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
import { requireBearerToken } from "./bearer-token";

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
  logger: Logger;
}

/**
 * POST /events: other services publish outgoing notifications. 202 queued
 * once Redis holds it; 200 duplicate for an id published before; 503 only
 * when Redis is unavailable.
 */
export function publishEventRouter(deps: PublishEventDeps): Router {
  const { queue, tokens, dedupe } = deps;
  const router = express.Router();
  router.post(
    "/events",
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
  return router;
}
