import { hostname } from "node:os";
import type { Queue } from "bullmq";
import type { Priority } from "@hookline/config";
import type { NotificationJob } from "./jobs/notification-job";
import { publishNotifications, type NotificationDraft } from "./publish-notifications";

type SystemEventDraft = (
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

const ERROR_INTERVAL_MS = 60_000;

/**
 * system.<role>.started|stopped|error for one consuming process; errors at
 * most once a minute per process, so a flapping dependency cannot flood
 * alerting. Each call resolves once the notification is queued.
 */
export function createLifecycleEvents(
  queue: Queue<NotificationJob>,
  role: string,
  details: Record<string, unknown> = {},
) {
  const publish = createSystemEventPublisher(queue, role, details);
  let lastErrorAt = 0;
  return {
    started: () => publish(`system.${role}.started`, "low"),
    stopped: () => publish(`system.${role}.stopped`, "low"),
    error: async (message: string) => {
      if (Date.now() - lastErrorAt < ERROR_INTERVAL_MS) return;
      lastErrorAt = Date.now();
      await publish(`system.${role}.error`, "critical", { error: message });
    },
  };
}
