import { z } from "zod";
import { dashboardSchema } from "./dashboard";
import { incomingSchema } from "./incoming";
import { outgoingSchema } from "./outgoing";
import { duration, flag, wholeNumber } from "./primitives";

const port = wholeNumber.pipe(z.number().max(65535));

/** Settings of a process that consumes a queue (worker, notifier). */
function queueProcessSchema(concurrency: number, metricsPort: number) {
  return z.object({
    concurrency: wholeNumber.pipe(z.number().min(1)).default(concurrency),
    /** 0 picks a free port (several replicas on one host). */
    metrics_port: port.default(metricsPort),
    metrics_host: z.string().default("0.0.0.0"),
    /** How long a job's lock lasts; a worker that dies loses its jobs to another replica after this. */
    lock_duration: duration.prefault(30),
    /** How often workers look for jobs whose lock expired (stalled). */
    stalled_interval: duration.prefault(30),
  });
}

export { dashboardSchema };

export const configSchema = z.object({
  log_level: z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info"),
  shutdown_timeout: duration.prefault(10),
  redis: z
    .object({
      url: z.string().regex(/^rediss?:\/\//, "expected a redis:// or rediss:// URL"),
      /** Hash-tagged so every queue key lands in one Redis Cluster slot. */
      prefix: z.string().min(1).default("{hookline}"),
    })
    .prefault({ url: "redis://127.0.0.1:6379" }),
  database: z
    .object({ url: z.string().regex(/^postgres(ql)?:\/\//, "expected a postgresql:// URL") })
    .prefault({ url: "postgresql://postgres@127.0.0.1:5432/hookline" }),
  ingest: z
    .object({
      port: port.default(3000),
      host: z.string().default("0.0.0.0"),
      /** Express "trust proxy": set when behind a load balancer so rate limits see client IPs. */
      trust_proxy: z.union([flag, z.string()]).default(false),
    })
    .prefault({}),
  dashboard: dashboardSchema.prefault({}),
  worker: queueProcessSchema(10, 9464).prefault({}),
  notifier: queueProcessSchema(20, 9465).prefault({}),
  /** Depth above which a queue is reported full (system.queue.full). */
  queue_max_depth: wholeNumber.default(10_000),
  incoming: incomingSchema.prefault({}),
  outgoing: outgoingSchema.prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type RawConfig = z.input<typeof configSchema>;
