import { Worker, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { createAddressPolicy, createChannelClient, withJitter } from "@hookline/delivery";
import type { Logger } from "@hookline/observability";
import {
  CHANNEL_SCHEDULE_BACKOFF,
  createSystemEventPublisher,
  QUEUE_NAMES,
  type DeliveryJob,
  type NotificationJob,
} from "@hookline/queue";
import { createBatchFlusher } from "./batching/batch-flusher";
import { createBatchStore } from "./batching/batch-store";
import { channelRoutes } from "./channels/channel-matcher";
import { createCircuitBreaker } from "./circuit/circuit-breaker";
import { createAttemptLog } from "./delivery/attempt-log";
import { recordInterrupted } from "./delivery/record-interrupted";
import { createDeliveryProcessor } from "./delivery/delivery-processor";
import { createFanOutProcessor } from "./fan-out/fan-out-processor";
import { createDirectAlert } from "./monitor/direct-alert";
import type { NotifierMetrics } from "./notifier-metrics";

export interface NotifierDeps {
  config: Config;
  prisma: PrismaClient;
  /** Fail-fast connection for queue writes and breaker/batch state. */
  producer: Redis;
  /** Blocking connections, one per worker (maxRetriesPerRequest: null). */
  consumers: [Redis, Redis];
  notificationQueue: Queue<NotificationJob>;
  deliveryQueue: Queue<DeliveryJob>;
  metrics: NotifierMetrics;
  logger: Logger;
}

/** Both notifier workers — fan-out of notifications, delivery over HTTP — and the batch flusher. */
export function createNotifier(deps: NotifierDeps) {
  const { config, logger } = deps;
  const prefix = config.redis.prefix;
  const routes = channelRoutes(config.outgoing.channels);
  const routesByName = new Map(routes.map((route) => [route.name, route]));
  const policy = createAddressPolicy({
    allowHttpHosts: config.outgoing.allow_http_hosts,
    allowPrivateAddresses: config.outgoing.allow_private_addresses,
    allowedPorts: config.outgoing.allowed_ports,
    proxy: config.outgoing.proxy,
  });
  const clients = new Map(
    routes.map((route) => [
      route.name,
      createChannelClient({
        channel: route.config,
        policy,
        defaultTimeoutMs: config.outgoing.timeout,
        maxSockets: config.outgoing.max_sockets_per_channel,
      }),
    ]),
  );
  const publishSystemEvent = createSystemEventPublisher(deps.notificationQueue, "notifier");
  const batches = createBatchFlusher(
    createBatchStore(deps.producer, prefix),
    routes,
    deps.deliveryQueue,
    (error) => logger.error("batch flush failed", { error }),
  );
  const attempts = createAttemptLog(deps.prisma, (error) =>
    logger.warn("could not write the delivery attempt log", { error }),
  );
  const workerOptions = {
    prefix,
    concurrency: config.notifier.concurrency,
    lockDuration: config.notifier.lock_duration,
    stalledInterval: config.notifier.stalled_interval,
    autorun: false,
  };

  const fanOut = new Worker(
    QUEUE_NAMES.notifications,
    createFanOutProcessor({ routes, deliveries: deps.deliveryQueue, batches }),
    {
      ...workerOptions,
      connection: deps.consumers[0],
    },
  );
  const delivery = new Worker(
    QUEUE_NAMES.deliveries,
    createDeliveryProcessor({
      routes: routesByName,
      clients,
      policy,
      breaker: createCircuitBreaker(deps.producer, prefix),
      attempts,
      maxResponseBytes: config.outgoing.max_response_bytes,
      defaultTimeoutMs: config.outgoing.timeout,
      metrics: deps.metrics,
      logger,
      onCircuitOpened: (channel) =>
        publishSystemEvent("system.health.degraded", "high", {
          dependency: `channel:${channel}`,
          status: "circuit open",
        }),
    }),
    {
      ...workerOptions,
      lockDuration: config.notifier.delivery_lock_duration,
      connection: deps.consumers[1],
      settings: {
        // Delays between attempts come from the channel's retry_schedule.
        backoffStrategy: (
          attemptsMade: number,
          type?: string,
          _error?: Error,
          job?: { data: DeliveryJob },
        ) => {
          const schedule = (type === CHANNEL_SCHEDULE_BACKOFF &&
            job &&
            routesByName.get(job.data.channel)?.config.retry_schedule) || [60_000];
          return withJitter(schedule[Math.min(attemptsMade - 1, schedule.length - 1)]!);
        },
      },
    },
  );
  for (const worker of [fanOut, delivery])
    worker.on("error", (error) =>
      logger.error("notifier worker error", { queue: worker.name, error }),
    );
  fanOut.on("completed", (job) =>
    deps.metrics.fannedOut.inc({ event_type: (job.data as NotificationJob).event_type }),
  );
  // A replica died (or stalled) mid-attempt: its request may have reached the
  // receiver, and the delivery is about to go out again with the same
  // webhook-id. Say so in delivery_attempts, where the lost request left no row.
  delivery.on("stalled", (jobId) => {
    void recordInterrupted(deps.deliveryQueue, attempts, jobId).catch((error: unknown) =>
      logger.warn("could not record an interrupted delivery", { message_id: jobId, error }),
    );
  });
  delivery.on("failed", (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      logger.error("delivery dead-lettered", {
        message_id: job.id,
        channel: (job.data as DeliveryJob).channel,
        error: error.message,
      });
    }
  });

  const smallestFlushInterval = Math.min(
    ...routes
      .filter((route) => route.config.batch_size > 1)
      .map((route) => route.config.flush_interval),
    60_000,
  );
  return {
    fanOut,
    delivery,
    batches,
    attempts,
    publishSystemEvent,
    /** For news the queue cannot carry: straight to the channels over HTTP. */
    alertDirect: createDirectAlert({
      routes,
      clients,
      policy,
      maxResponseBytes: config.outgoing.max_response_bytes,
      logger,
    }),
    run() {
      void fanOut.run();
      void delivery.run();
      // A notification pushed by another replica is seen within one poll; from
      // then on the flusher sleeps exactly until the oldest member is due.
      batches.start(Math.min(1000, Math.max(20, smallestFlushInterval / 2)));
    },
    async close() {
      await batches.stop();
      await Promise.all([fanOut.close(), delivery.close()]);
      await attempts.close();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
