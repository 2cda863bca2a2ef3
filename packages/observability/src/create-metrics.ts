import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** A registry per process (and per test), never prom-client's global one. */
export function createRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** webhook_processing_duration_seconds: request start to answer (ingest), job start to commit (worker). */
export function createProcessingDuration(registry: Registry) {
  return new Histogram({
    name: "webhook_processing_duration_seconds",
    help: "Time to handle one webhook: request to answer in the ingest, job to commit in the worker",
    labelNames: ["event_type"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
}

export function createWebhookMetrics(registry: Registry) {
  return {
    requests: new Counter({
      name: "webhook_requests_total",
      help: "Incoming webhook requests by event type and answer",
      labelNames: ["event_type", "status"] as const,
      registers: [registry],
    }),
    duration: createProcessingDuration(registry),
  };
}

export type WebhookMetrics = ReturnType<typeof createWebhookMetrics>;
