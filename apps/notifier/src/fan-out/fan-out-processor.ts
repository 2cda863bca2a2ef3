import { UnrecoverableError, type Job, type Queue } from "bullmq";
import {
  notificationJobSchema,
  singleDelivery,
  type DeliveryJob,
  type NotificationJob,
} from "@hookline/queue";
import type { BatchFlusher } from "../batching/batch-flusher";
import type { ChannelRoute } from "../channels/channel-matcher";
import type { ChannelWaits } from "../delivery/channel-waits";
import { enqueueDeliveries } from "../delivery/enqueue-delivery";

// system.channel.disabled is news for the other channels: the disabled one
// would only park it until an operator re-enables it.
const isOwnDisabledNews = (notification: NotificationJob, channel: string) =>
  notification.event_type === CHANNEL_DISABLED_EVENT && notification.data.channel === channel;

/** Sent (high priority) when a channel is disabled for failing without a success for disable_after. */
export const CHANNEL_DISABLED_EVENT = "system.channel.disabled";

export interface FanOutDeps {
  routes: readonly ChannelRoute[];
  deliveries: Queue<DeliveryJob>;
  batches: BatchFlusher;
  /** Channels this replica saw waiting: their new deliveries go straight to the delayed set. */
  waits: ChannelWaits;
  /** Notes those deliveries as parked, so that the channel's reopening wakes them. */
  park: (channel: string, jobId: string, untilMs: number) => Promise<void>;
}

/**
 * One notification becomes one delivery job per matching channel (or a place
 * in a batching channel's list), each with an id derived from the
 * notification and the channel: a retried fan-out adds nothing twice.
 */
export function createFanOutProcessor(deps: FanOutDeps) {
  return async (job: Job<unknown>): Promise<string[]> => {
    const parsed = notificationJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`not a notification: ${parsed.error.issues[0]?.message}`);
    const notification = parsed.data;
    const targets = deps.routes.filter(
      (route) => route.accepts(notification) && !isOwnDisabledNews(notification, route.name),
    );
    const now = Date.now();
    const direct = targets
      .filter((route) => route.config.batch_size <= 1)
      .map((route) => ({
        job: singleDelivery(notification, route.name),
        channel: route.config,
        waitUntil: deps.waits.until(route.name, now),
      }));
    await enqueueDeliveries(deps.deliveries, direct);
    await Promise.all(
      direct
        .filter((delivery) => delivery.waitUntil !== null)
        .map(({ job, waitUntil }) => deps.park(job.channel, job.messageId, waitUntil!)),
    );
    for (const route of targets.filter((candidate) => candidate.config.batch_size > 1)) {
      await deps.batches.add(route, notification);
    }
    return targets.map((route) => route.name);
  };
}
