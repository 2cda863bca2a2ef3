import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export function createNotifierMetrics(registry: Registry) {
  return {
    deliveries: new Counter({
      name: "webhook_deliveries_total",
      help: "Outgoing delivery attempts by channel and outcome (delivered, retry, failed, delayed)",
      labelNames: ["channel", "outcome"] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: "webhook_delivery_duration_seconds",
      help: "Time for one delivery attempt, in-attempt retries included",
      labelNames: ["channel"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    circuitOpen: new Gauge({
      name: "webhook_channel_circuit_open",
      help: "1 while a channel's circuit breaker is open or probing, as last seen by this replica",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: "webhook_dead_letters_total",
      help: "Deliveries that went to the failed set (the dead-letter queue) for good, by channel",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
    replayed: new Counter({
      name: "webhook_replays_total",
      help: "Replayed deliveries taken up again (first attempt after a replay), by channel",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
    fannedOut: new Counter({
      name: "notifications_fanned_out_total",
      help: "Notifications turned into deliveries, by event type",
      labelNames: ["event_type"] as const,
      registers: [registry],
    }),
  };
}

export type NotifierMetrics = ReturnType<typeof createNotifierMetrics>;
