import type { ChannelConfig } from "@hookline/config";
import { signMessage } from "@hookline/delivery";
import type { DeliveryJob, NotificationJob } from "@hookline/queue";

// Standard Webhooks "Payload structure": type, timestamp (ISO 8601), data;
// event_type and priority stay for the receivers that read them.
function bodyOf(notification: NotificationJob) {
  return {
    type: notification.event_type,
    event_type: notification.event_type,
    timestamp: notification.timestamp,
    priority: notification.priority,
    data: notification.data,
  };
}

/** `{ type, event_type, timestamp, priority, data }` (an array for a batch), signed per Standard Webhooks. */
export function buildMessage(job: DeliveryJob, channel: ChannelConfig, now = new Date()) {
  const body = JSON.stringify(
    job.batched ? job.notifications.map(bodyOf) : bodyOf(job.notifications[0]!),
  );
  const secrets = channel.secret ? [channel.secret, ...channel.previous_secrets] : [];
  const signature = signMessage(secrets, job.messageId, now, body);
  return {
    body,
    headers: { ...channel.headers, ...signature, "Content-Type": "application/json" },
  };
}
