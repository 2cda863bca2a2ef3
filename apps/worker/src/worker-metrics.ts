import { Counter, type Registry } from "prom-client";
import { createProcessingDuration } from "@hookline/observability";

export function createWorkerMetrics(registry: Registry) {
  return {
    processed: new Counter({
      name: "worker_events_processed_total",
      help: "Events applied, by event type and outcome (processed, ignored, duplicate)",
      labelNames: ["event_type", "outcome"] as const,
      registers: [registry],
    }),
    failed: new Counter({
      name: "worker_events_failed_total",
      help: "Event attempts that failed, by event type and whether they will be retried",
      labelNames: ["event_type", "retry"] as const,
      registers: [registry],
    }),
    duration: createProcessingDuration(registry),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
