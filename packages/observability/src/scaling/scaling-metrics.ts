import type { Queue, Worker } from "bullmq";
import { Counter, Gauge, type Registry } from "prom-client";
import { readQueueBacklog } from "./queue-backlog";

export interface ScalingMetricsOptions {
  /** The queues this process consumes; their backlog is read from Redis at scrape time. */
  queues: readonly Queue[];
  /** This process's workers; each completion counts toward queue_jobs_completed_total. */
  workers: readonly Worker[];
}

/**
 * The scaling signal, per queue:
 *   queue_ready_jobs{queue}                  waiting + prioritized + due delayed
 *   queue_oldest_ready_age_seconds{queue}    how long the oldest ready job has waited
 *   queue_active_jobs{queue}                 jobs in progress, all replicas
 *   queue_jobs_completed_total{queue}        completions by this replica (rate() = per second)
 * The gauges are the same on every replica (read from Redis): aggregate them
 * with max(), not sum(). docs/operations.md gives the PromQL.
 */
export function registerScalingMetrics(registry: Registry, options: ScalingMetricsOptions): void {
  const labelNames = ["queue"] as const;
  // prom-client collects every metric of a scrape at once: the three gauges
  // share one read (one script per queue per scrape), whichever asks first.
  let reading: Promise<void> | undefined;
  const refresh = () =>
    (reading ??= (async () => {
      const values = await Promise.all(
        options.queues.map((queue) =>
          readQueueBacklog(queue).then(
            (backlog) => ({ queue: queue.name, backlog }),
            // Redis unavailable: report nothing rather than a stale number; health says why.
            () => undefined,
          ),
        ),
      );
      for (const gauge of [ready, age, active]) gauge.reset();
      for (const value of values) {
        if (!value) continue;
        ready.set({ queue: value.queue }, value.backlog.ready);
        age.set({ queue: value.queue }, value.backlog.oldestReadyAgeSeconds);
        active.set({ queue: value.queue }, value.backlog.active);
      }
    })().finally(() => (reading = undefined)));
  const gauge = (name: string, help: string) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect: refresh });
  const ready = gauge(
    "queue_ready_jobs",
    "Jobs a worker could start now: waiting + prioritized + delayed whose time has come",
  );
  const age = gauge(
    "queue_oldest_ready_age_seconds",
    "How long the oldest ready job has been ready, seconds",
  );
  const active = gauge("queue_active_jobs", "Jobs being processed by all replicas");
  const completed = new Counter({
    name: "queue_jobs_completed_total",
    help: "Jobs completed by this replica",
    labelNames,
    registers: [registry],
  });
  for (const worker of options.workers) {
    completed.inc({ queue: worker.name }, 0);
    worker.on("completed", () => completed.inc({ queue: worker.name }));
  }
}
