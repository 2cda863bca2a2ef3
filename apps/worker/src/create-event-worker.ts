import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "@hookline/config";
import { QUEUE_NAMES, type IncomingEventJob } from "@hookline/queue";
import { createEventProcessor, type EventOutcome, type ProcessEventDeps } from "./process-event";

export interface EventWorkerDeps extends ProcessEventDeps {
  config: Config;
  /** A blocking-capable connection (maxRetriesPerRequest: null) for this worker alone. */
  connection: Redis;
}

export function createEventWorker(deps: EventWorkerDeps): Worker<IncomingEventJob, EventOutcome> {
  const { worker: settings, redis } = deps.config;
  const worker = new Worker<IncomingEventJob, EventOutcome>(
    QUEUE_NAMES.githubEvents,
    createEventProcessor(deps),
    {
      connection: deps.connection,
      prefix: redis.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lock_duration,
      stalledInterval: settings.stalled_interval,
      // A job whose worker died is retried by another replica, twice at most.
      maxStalledCount: 2,
      autorun: false,
    },
  );
  // BullMQ requires an error listener; without one a Redis hiccup crashes the process.
  worker.on("error", (error) => deps.logger.error("worker error", { error }));
  return worker;
}
