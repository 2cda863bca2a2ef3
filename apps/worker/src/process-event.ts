import { UnrecoverableError, type Job } from "bullmq";
import type { Queue } from "bullmq";
import type { PrismaClient } from "@hookline/db";
import type { Logger } from "@hookline/observability";
import {
  incomingEventJobId,
  incomingEventJobSchema,
  type IncomingEventJob,
  type NotificationJob,
} from "@hookline/queue";
import { claimDelivery, completeDelivery, recordFailure } from "./deliveries/delivery-ledger";
import type { EventEffects } from "./event-context";
import { enqueueNotifications } from "./notifications/enqueue-notifications";
import { routeEvent } from "./route-event";
import type { WorkerMetrics } from "./worker-metrics";

export interface ProcessEventDeps {
  prisma: PrismaClient;
  notificationQueue: Queue<NotificationJob>;
  metrics: WorkerMetrics;
  logger: Logger;
  /** Called after each applied event, for readiness reporting. */
  onProcessed?: (at: Date) => void;
}

export type EventOutcome = "processed" | "ignored" | "duplicate";

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 };

function parseJob(data: unknown): IncomingEventJob {
  const parsed = incomingEventJobSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(
      `job data is not an incoming event: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

/**
 * One job = one transaction: claim the delivery id, apply the event, mark it
 * done. Notifications are written to the delivery's outbox in the same
 * transaction and enqueued after commit under deterministic job ids.
 */
export function createEventProcessor(deps: ProcessEventDeps) {
  return async (job: Job<unknown>): Promise<EventOutcome> => {
    const started = performance.now();
    const data = parseJob(job.data);
    const deliveryKey = incomingEventJobId(data.source, data.deliveryId);
    const context = { deliveryId: deliveryKey, event: data.event, action: data.action };
    try {
      const apply = routeEvent(data);
      const { duplicate, effects } = await deps.prisma.$transaction(async (tx) => {
        const claim = await claimDelivery(tx, data, deliveryKey);
        if (claim.done)
          return {
            duplicate: true,
            effects: { status: "PROCESSED", notifications: claim.notifications } as EventEffects,
          };
        const applied = await apply(tx, context);
        await completeDelivery(tx, deliveryKey, applied);
        return { duplicate: false, effects: applied };
      }, TRANSACTION_OPTIONS);
      await enqueueNotifications(deps.notificationQueue, effects.notifications, "worker");
      const outcome: EventOutcome = duplicate
        ? "duplicate"
        : effects.status === "IGNORED"
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
          attempt: job.attemptsMade + 1,
          duration_ms: Math.round(seconds * 100_000) / 100,
        });
      }
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const final =
        error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      deps.metrics.failed.inc({ event_type: data.event, retry: final ? "no" : "yes" });
      await recordFailure(deps.prisma, data, deliveryKey, message).catch(() => undefined);
      deps.logger.warn("event failed", {
        delivery_id: deliveryKey,
        event_type: data.event,
        attempt: job.attemptsMade + 1,
        final,
        error: message,
      });
      throw error;
    }
  };
}
