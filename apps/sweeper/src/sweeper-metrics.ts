import { Counter, Gauge, type Registry } from "prom-client";

export function createSweeperMetrics(registry: Registry) {
  return {
    redeliveriesRequested: new Counter({
      name: "github_redeliveries_requested_total",
      help: "Redeliveries the sweeper asked GitHub for, by hook",
      labelNames: ["hook"] as const,
      registers: [registry],
    }),
    failedSeen: new Counter({
      name: "github_failed_deliveries_seen_total",
      help: "Failed GitHub deliveries hookline never accepted, counted once per sweep that saw them, by hook",
      labelNames: ["hook"] as const,
      registers: [registry],
    }),
    acknowledgedMissing: new Counter({
      name: "github_acknowledged_missing_total",
      help: "Deliveries GitHub saw hookline acknowledge (202) that hookline no longer held (lost after the answer), counted once per GUID when first found, by hook",
      labelNames: ["hook"] as const,
      registers: [registry],
    }),
    refused: new Counter({
      name: "github_refused_deliveries_total",
      help: "Deliveries hookline refused permanently (4xx), counted once per GUID when first recorded, by hook",
      labelNames: ["hook"] as const,
      registers: [registry],
    }),
    lastSuccess: new Gauge({
      name: "github_sweep_last_success_timestamp_seconds",
      help: "Unix time of the last sweep of a hook that completed without error",
      labelNames: ["hook"] as const,
      registers: [registry],
    }),
    sweepFailures: new Counter({
      name: "github_sweep_failures_total",
      help: "Sweeps of a hook that failed (GitHub unreachable, refused, rate limited too long)",
      labelNames: ["hook"] as const,
      registers: [registry],
    }),
  };
}

export type SweeperMetrics = ReturnType<typeof createSweeperMetrics>;
