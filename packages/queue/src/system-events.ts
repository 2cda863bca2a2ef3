import { hostname } from "node:os";
import type { Queue } from "bullmq";
import type { Priority } from "@hookline/config";
import type { NotificationJob } from "./jobs/notification-job";
import { publishNotifications } from "./publish-notifications";

/** Publishes system.* events from one process, identified by host and pid. */
export function createSystemEventPublisher(
  queue: Queue<NotificationJob>,
  source: string,
  details: Record<string, unknown> = {},
) {
  const instance = `${hostname()}-${process.pid}`;
  return (eventType: string, priority: Priority, data: Record<string, unknown> = {}) =>
    publishNotifications(
      queue,
      [
        {
          id: `${eventType}.${instance}.${Date.now()}`,
          event_type: eventType,
          priority,
          data: { instance, ...details, ...data },
        },
      ],
      source,
    );
}
