import { PRIORITIES, type Priority } from "@hookline/config";
import { z } from "zod";

/** Outgoing event names: dotted lowercase words, e.g. pr.analysis.failed, system.worker.started. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export const notificationJobSchema = z.object({
  /** Stable id: job id, Standard Webhooks `webhook-id` base, and idempotency key. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/),
  event_type: z.string().regex(EVENT_TYPE_PATTERN),
  priority: z.enum(PRIORITIES),
  timestamp: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
  /** Who produced it: "worker", "api", "notifier". */
  source: z.string().min(1),
});

export type NotificationJob = z.infer<typeof notificationJobSchema>;

export const NOTIFICATION_JOB = "notification" as const;

// BullMQ runs lower numbers first; 0 would mean "no priority" and skip ordering.
const BULL_PRIORITY: Record<Priority, number> = { critical: 1, high: 2, medium: 3, low: 4 };

export function bullPriority(priority: Priority): number {
  return BULL_PRIORITY[priority];
}

/** The word for a BullMQ priority number ("high" for 2), for people; undefined for none or unknown. */
export function priorityWord(bullPriorityNumber: number | undefined): Priority | undefined {
  return PRIORITIES.find((word) => BULL_PRIORITY[word] === bullPriorityNumber);
}

export function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}
