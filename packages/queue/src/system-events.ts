import { hostname } from "node:os";
import type { Queue } from "bullmq";
import type { Priority } from "@hookline/config";
import type { NotificationJob } from "./jobs/notification-job";
import { publishNotifications, type NotificationDraft } from "./publish-notifications";

export type SystemEventDraft = (
  eventType: string,
  priority: Priority,
  data?: Record<string, unknown>,
) => NotificationDraft;

/** system.* notifications from one process, identified by host and pid. */
export function systemEventDrafts(details: Record<string, unknown> = {}): SystemEventDraft {
  const instance = `${hostname()}-${process.pid}`;
  return (eventType, priority, data = {}) => ({
    id: `${eventType}.${instance}.${Date.now()}`,
    event_type: eventType,
    priority,
    data: { instance, ...details, ...data },
  });
}

/** Publishes system.* events from one process through the notifications queue. */
export function createSystemEventPublisher(
  queue: Queue<NotificationJob>,
  source: string,
  details: Record<string, unknown> = {},
) {
  const draft = systemEventDrafts(details);
  return (eventType: string, priority: Priority, data: Record<string, unknown> = {}) =>
    publishNotifications(queue, [draft(eventType, priority, data)], source);
}
