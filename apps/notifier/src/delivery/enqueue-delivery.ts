import type { Queue } from "bullmq";
import type { ChannelConfig } from "@hookline/config";
import {
  addJobs,
  bullPriority,
  CHANNEL_SCHEDULE_BACKOFF,
  deliveryJobName,
  priorityRank,
  type DeliveryJob,
} from "@hookline/queue";

/** The delivery job for one channel: attempts and backoff follow that channel's retry_schedule. */
export function deliveryJobOptions(job: DeliveryJob, channel: ChannelConfig) {
  const highest = job.notifications.reduce((best, notification) =>
    priorityRank(notification.priority) > priorityRank(best.priority) ? notification : best,
  ).priority;
  return {
    jobId: job.messageId,
    attempts: channel.retry_schedule.length + 1,
    backoff: { type: CHANNEL_SCHEDULE_BACKOFF },
    priority: bullPriority(highest),
  };
}

export async function enqueueDeliveries(
  queue: Queue<DeliveryJob>,
  deliveries: ReadonlyArray<{ job: DeliveryJob; channel: ChannelConfig }>,
): Promise<void> {
  await addJobs(
    queue,
    deliveries.map(({ job, channel }) => ({
      name: deliveryJobName(job),
      data: job,
      opts: deliveryJobOptions(job, channel),
    })),
  );
}
