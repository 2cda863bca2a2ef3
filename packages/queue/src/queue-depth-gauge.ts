import type { Queue } from "bullmq";
import { Gauge, type Registry } from "prom-client";

const STATES = ["waiting", "active", "delayed", "failed", "prioritized"] as const;

/** queue_depth{queue,state}, read from Redis at scrape time so every replica reports the same truth. */
export function registerQueueDepthGauge(registry: Registry, queues: readonly Queue[]): Gauge {
  return new Gauge({
    name: "queue_depth",
    help: "Jobs in each BullMQ queue by state",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of queues) {
        try {
          const counts = await queue.getJobCounts(...STATES);
          for (const state of STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        } catch {
          // Redis unavailable: report nothing rather than stale numbers; health says why.
        }
      }
    },
  });
}
