import { hostname } from "node:os";
import type { Queue } from "bullmq";
import type { Priority } from "@hookline/config";
import type { NotificationJob } from "@hookline/queue";
import { enqueueNotifications } from "./notifications/enqueue-notifications";

const ERROR_INTERVAL_MS = 60_000;

/** system.worker.started|stopped|error, identified by host and pid; errors at most once a minute. */
export function createSystemEvents(
  queue: Queue<NotificationJob>,
  details: Record<string, unknown>,
) {
  const instance = `${hostname()}-${process.pid}`;
  let lastErrorAt = 0;
  const emit = (type: string, priority: Priority, data: Record<string, unknown> = {}) =>
    enqueueNotifications(
      queue,
      [
        {
          id: `${type}.${instance}.${Date.now()}`,
          event_type: type,
          priority,
          data: { instance, ...details, ...data },
        },
      ],
      "worker",
    );
  return {
    started: () => emit("system.worker.started", "low"),
    stopped: () => emit("system.worker.stopped", "low"),
    error: async (message: string) => {
      if (Date.now() - lastErrorAt < ERROR_INTERVAL_MS) return;
      lastErrorAt = Date.now();
      await emit("system.worker.error", "critical", { error: message });
    },
  };
}
