import { z } from "zod";
import { githubSchema } from "./github";
import { dashboardSchema } from "./dashboard";
import { incomingSchema } from "./incoming";
import { outgoingSchema } from "./outgoing";
import { redisSchema } from "./redis";
import { retentionSchema } from "./retention";
import { duration, flag, wholeNumber } from "./primitives";

const port = wholeNumber.pipe(z.number().max(65535));

/** Settings of a process that consumes a queue (worker, notifier). */
function queueProcessSchema(concurrency: number, metricsPort: number, stalledInterval = 30) {
  return z.object({
    concurrency: wholeNumber.pipe(z.number().min(1)).default(concurrency),
    /** 0 picks a free port (several replicas on one host). */
    metrics_port: port.default(metricsPort),
    metrics_host: z.string().default("0.0.0.0"),
    /** How long a job's lock lasts; a worker that dies loses its jobs to another replica after this. */
    lock_duration: duration.prefault(30),
    /** How often workers look for jobs whose lock expired (stalled). */
    stalled_interval: duration.prefault(stalledInterval),
  });
}

// A delivery cut off by a dead notifier is sent again (same webhook-id) after
// its lock expires and a stalled check sees it: within delivery_lock_duration
// + stalled_interval, 15 s + 5 s by default. BullMQ renews a lock every half
// duration, so a live replica loses a delivery only if its event loop stalls
// for 7.5 s.
const notifierSchema = queueProcessSchema(20, 9465, 5).extend({
  /** Lock of a delivery job: how long a dead replica's in-flight delivery waits before another sends it again. */
  delivery_lock_duration: duration.prefault(15),
});

export { dashboardSchema };

export const configSchema = z.object({
  log_level: z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info"),
  shutdown_timeout: duration.prefault(10),
  redis: redisSchema.prefault({}),
  database: z
    .object({ url: z.string().regex(/^postgres(ql)?:\/\//, "expected a postgresql:// URL") })
    .prefault({ url: "postgresql://postgres@127.0.0.1:5432/hookline" }),
  ingest: z
    .object({
      port: port.default(3000),
      host: z.string().default("0.0.0.0"),
      /** Express "trust proxy": set when behind a load balancer so rate limits see client IPs. */
      trust_proxy: z.union([flag, z.string()]).default(false),
      /**
       * How long a client may take to send its request headers. GitHub gives
       * a delivery 10 s in all; a sender slower than this is not GitHub.
       */
      headers_timeout: duration.prefault(5),
      /** How long a client may take to send a whole request, body included. */
      request_timeout: duration.prefault(10),
    })
    .prefault({}),
  dashboard: dashboardSchema.prefault({}),
  worker: queueProcessSchema(10, 9464).prefault({}),
  notifier: notifierSchema.prefault({}),
  sweeper: z
    .object({
      metrics_port: port.default(9466),
      metrics_host: z.string().default("0.0.0.0"),
    })
    .prefault({}),
  /** GitHub's REST API: redelivery sweeps and backfill (apps/sweeper). */
  github: githubSchema.prefault({}),
  /** Retention windows per kind of stored row (run by the sweeper). */
  retention: retentionSchema.prefault({}),
  /** Depth above which a queue is reported full (system.queue.full). */
  queue_max_depth: wholeNumber.default(10_000),
  incoming: incomingSchema.prefault({}),
  outgoing: outgoingSchema.prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type RawConfig = z.input<typeof configSchema>;
