import type { ChannelConfig } from "@hookline/config";
import { signMessage } from "@hookline/delivery";
import type { DeliveryJob, NotificationJob } from "@hookline/queue";

function bodyOf(notification: NotificationJob) {
  return {
    event_type: notification.event_type,
    timestamp: notification.timestamp,
    priority: notification.priority,
    data: notification.data,
  };
}

/** `{ event_type, timestamp, priority, data }` (an array for a batch), signed per Standard Webhooks. */
export function buildMessage(job: DeliveryJob, channel: ChannelConfig, now = new Date()) {
  const body = JSON.stringify(
    job.batched ? job.notifications.map(bodyOf) : bodyOf(job.notifications[0]!),
  );
  const signature = channel.secret
    ? signMessage(channel.secret, job.messageId, now, body)
    : { "webhook-id": job.messageId };
  return {
    body,
    headers: { ...channel.headers, ...signature, "Content-Type": "application/json" },
  };
}
