import { randomUUID } from "node:crypto";
import express, { type Router } from "express";
import type { Queue } from "bullmq";
import { z } from "zod";
import { PRIORITIES } from "@hookline/config";
import {
  bullPriority,
  EVENT_TYPE_PATTERN,
  notificationJobName,
  type NotificationJob,
} from "@hookline/queue";
import { AppError } from "../errors/app-error";
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
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/)
    .optional(),
});

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
    .join("; ");
}

/** POST /events: other services publish outgoing notifications. */
export function publishEventRouter(
  queue: Queue<NotificationJob>,
  tokens: readonly string[],
): Router {
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
      const job: NotificationJob = {
        id,
        ...event,
        timestamp: new Date().toISOString(),
        source: "api",
      };
      try {
        await queue.add(notificationJobName(job), job, {
          jobId: id,
          priority: bullPriority(job.priority),
        });
      } catch {
        throw new AppError("QUEUE_UNAVAILABLE", "the event could not be queued; retry later", {
          "Retry-After": "5",
        });
      }
      res.status(202).json({ status: "queued", id });
    },
  );
  return router;
}
