import type { Queue } from "bullmq";
import { createSystemEventPublisher, type NotificationJob } from "@hookline/queue";

const ERROR_INTERVAL_MS = 60_000;

/** system.worker.started|stopped|error; errors at most once a minute per process, so a flapping dependency cannot flood alerting. */
export function createSystemEvents(
  queue: Queue<NotificationJob>,
  details: Record<string, unknown>,
) {
  const publish = createSystemEventPublisher(queue, "worker", details);
  let lastErrorAt = 0;
  return {
    started: () => publish("system.worker.started", "low"),
    stopped: () => publish("system.worker.stopped", "low"),
    error: async (message: string) => {
      if (Date.now() - lastErrorAt < ERROR_INTERVAL_MS) return;
      lastErrorAt = Date.now();
      await publish("system.worker.error", "critical", { error: message });
    },
  };
}
