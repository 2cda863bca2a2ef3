import { Counter, Gauge, type Registry } from "prom-client";

export function createRetentionMetrics(registry: Registry) {
  return {
    removed: new Counter({
      name: "hookline_retention_rows_removed_total",
      help: "Rows retention deleted, by kind (deliveries, attempts, redelivery_requests, history, audit)",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    oldest: new Gauge({
      name: "hookline_retention_oldest_row_timestamp_seconds",
      help: "Unix time of the oldest row kept after the last retention run, by kind (absent when the table is empty)",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    lastRun: new Gauge({
      name: "hookline_retention_last_run_timestamp_seconds",
      help: "Unix time the last retention run finished",
      registers: [registry],
    }),
  };
}

export type RetentionMetrics = ReturnType<typeof createRetentionMetrics>;
