import { Counter, type Registry } from "prom-client";

export function createDriftMetrics(registry: Registry) {
  return {
    checked: new Counter({
      name: "hookline_state_checked_total",
      help: "Stored open pull requests the drift detector compared with GitHub's REST answer",
      registers: [registry],
    }),
    drift: new Counter({
      name: "hookline_state_drift_total",
      help: "Differences found between stored and GitHub's pull-request state, by field (state, draft, head_sha, checks_state)",
      labelNames: ["field"] as const,
      registers: [registry],
    }),
  };
}

export type DriftMetrics = ReturnType<typeof createDriftMetrics>;
