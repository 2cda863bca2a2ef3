import type { Queue } from "bullmq";
import type { Priority } from "@hookline/config";
import { addJobs } from "./add-jobs";
import { dedupeWindowOf } from "./create-queue";
import { toJobId } from "./jobs/job-id";
import { bullPriority, type NotificationJob } from "./jobs/notification-job";
import { notificationJobName } from "./names/job-names";

/** A notification to publish; its id becomes the job id, so publishing it twice queues it once. */
export interface NotificationDraft {
  id: string;
  event_type: string;
  priority: Priority;
  data: Record<string, unknown>;
}

/** The notification a draft becomes, stamped with when and by whom. */
export function completeNotification(
  draft: NotificationDraft,
  source: string,
  timestamp = new Date().toISOString(),
): NotificationJob {
  return { ...draft, timestamp, source };
}

/**
 * Queues notifications in one round trip, for every producer (the worker,
 * the notifier's system events, the ingest's POST /events). Each job id is
 * the notification id through `toJobId`, and the same id is BullMQ's
 * deduplication id for the queue's window (the ingest's, see
 * QueueContext.dedupeTtlMs), so publishing the same id
 * again queues nothing new, also after the first job completed and was
 * removed (https://docs.bullmq.io/guide/jobs/deduplication, throttle mode).
 * Rejects with the Redis/BullMQ error when Redis cannot
 * take them (see `isRedisUnavailable`).
 */
export async function publishNotifications(
  queue: Queue<NotificationJob>,
  drafts: readonly NotificationDraft[],
  source: string,
): Promise<void> {
  const timestamp = new Date().toISOString();
  const ttl = dedupeWindowOf(queue);
  await addJobs(
    queue,
    drafts.map((draft) => {
      const data = completeNotification(draft, source, timestamp);
      const jobId = toJobId(draft.id);
      return {
        name: notificationJobName(data),
        data,
        opts: {
          jobId,
          priority: bullPriority(draft.priority),
          deduplication: { id: jobId, ttl },
        },
      };
    }),
  );
}
