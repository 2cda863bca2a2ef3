import { createHash } from "node:crypto";
import { z } from "zod";
import { replayMarkerSchema } from "../replay/replay-marker";
import { notificationJobSchema, type NotificationJob } from "./notification-job";

export const DELIVERY_JOB = "delivery" as const;

/** The BullMQ backoff type whose delays come from the channel's retry_schedule. */
export const CHANNEL_SCHEDULE_BACKOFF = "channel-schedule" as const;

export const deliveryJobSchema = z.object({
  /** Standard Webhooks webhook-id: stable across retries and replays, so receivers can drop repeats. */
  messageId: z.string().min(1),
  channel: z.string().min(1),
  notifications: z.array(notificationJobSchema).min(1),
  /** Sent as an array (a batching channel) rather than one object. */
  batched: z.boolean(),
  /** Set by a replay: the attempts that follow are a replay's. */
  replay: replayMarkerSchema.optional(),
});

export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/** One notification to one channel: a retry re-sends to that channel only, and a replay never duplicates. */
export function singleDelivery(notification: NotificationJob, channel: string): DeliveryJob {
  return {
    messageId: `${notification.id}.${channel}`,
    channel,
    notifications: [notification],
    batched: false,
  };
}

/** A batch's id is derived from its members, so flushing the same batch twice yields one job. */
export function batchDelivery(notifications: NotificationJob[], channel: string): DeliveryJob {
  const digest = createHash("sha256")
    .update(notifications.map((notification) => notification.id).join("\n"))
    .digest("hex")
    .slice(0, 32);
  return { messageId: `batch-${channel}-${digest}`, channel, notifications, batched: true };
}
