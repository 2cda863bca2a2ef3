import { UnrecoverableError, type Job, type Queue } from "bullmq";
import type { PrismaClient } from "@hookline/db";
import type { Logger } from "@hookline/observability";
import {
  deliveryKey as incomingDeliveryKey,
  incomingEventJobSchema,
  publishNotifications,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import type { Pool } from "pg";
import { applyEvent, poolApplyStatement } from "./apply/apply-event";
import { isPermanentDatabaseError } from "./apply/permanent-error";
import { recordFailure } from "./apply/record-failure";
import { decideNotifications } from "./notifications/decide-notifications";
import { planEvent } from "./plan-event";
import {
  noRequiredChecks,
  type RequiredChecksReader,
} from "./required-checks/read-required-checks";
import type { WorkerMetrics } from "./worker-metrics";

export interface ProcessEventDeps {
  prisma: PrismaClient;
  /** The Prisma adapter's pool (createDatabase): the per-event statement runs on it. */
  pool: Pool;
  notificationQueue: Queue<NotificationJob>;
  metrics: WorkerMetrics;
  logger: Logger;
  /** Reads required checks from GitHub where API access is configured (default: none). */
  readRequiredChecks?: RequiredChecksReader;
  /** Called after each applied event, for readiness reporting. */
  onProcessed?: (at: Date) => void;
}

export type EventOutcome = "processed" | "ignored" | "duplicate";

function parseJob(data: unknown): IncomingEventJob {
  const parsed = incomingEventJobSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(
      `job data is not an incoming event: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

/**
 * This attempt's number, 1-based. attemptsStarted also counts starts whose
 * worker died (stalled jobs), which attemptsMade does not.
 */
function attemptOf(job: Job<unknown>): number {
  return Math.max(job.attemptsMade + 1, job.attemptsStarted ?? 0);
}

/**
 * One job, read top to bottom: plan (parse the payload into the document to
 * store, no I/O), read (the required checks it needs from GitHub, where API
 * access is configured), apply (one database statement: claim the delivery id,
 * store, mark it done, keep what changed as the outbox), decide (which
 * notifications the outbox calls for, as data), publish (enqueue them after
 * commit under deterministic job ids, also when a retry finds the delivery
 * already applied: a crash between commit and enqueue).
 */
export function createEventProcessor(deps: ProcessEventDeps) {
  const statement = poolApplyStatement(deps.pool);
  const readRequiredChecks = deps.readRequiredChecks ?? noRequiredChecks;
  return async (job: Job<unknown>): Promise<EventOutcome> => {
    const started = performance.now();
    const data = parseJob(job.data);
    const deliveryKey = incomingDeliveryKey(data.source, data.deliveryId);
    const attempt = attemptOf(job);
    try {
      const plan = planEvent(deliveryKey, data, { attempt });
      const document = await readRequiredChecks(plan.document);
      const { duplicate, outbox } = await applyEvent(statement, document).catch(
        (error: unknown) => {
          if (!isPermanentDatabaseError(error)) throw error;
          const reason = error instanceof Error ? error.message : String(error);
          throw new UnrecoverableError(`${data.event} cannot be stored: ${reason}`);
        },
      );
      const notifications = decideNotifications(plan.context, outbox);
      await publishNotifications(deps.notificationQueue, notifications, "worker");
      const outcome: EventOutcome = duplicate
        ? "duplicate"
        : plan.document.kind === "ignored"
          ? "ignored"
          : "processed";
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.processed.inc({ event_type: data.event, outcome });
      deps.metrics.duration.observe({ event_type: data.event }, seconds);
      deps.onProcessed?.(new Date());
      if (deps.logger.isLevelEnabled("info")) {
        deps.logger.info("event applied", {
          delivery_id: deliveryKey,
          event_type: data.event,
          action: data.action,
          outcome,
          attempt,
          duration_ms: Math.round(seconds * 100_000) / 100,
        });
      }
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final =
        error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.metrics.failed.inc({ event_type: data.event, retry: final ? "no" : "yes" });
      await recordFailure(deps.pool, data, deliveryKey, attempt, message).catch(() => undefined);
      deps.logger.warn("event failed", {
        delivery_id: deliveryKey,
        event_type: data.event,
        attempt,
        final,
        error: message,
      });
      throw error;
    }
  };
}
