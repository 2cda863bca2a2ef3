import { Worker, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Config } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { randomUUID } from "node:crypto";
import {
  createAddressPolicy,
  createChannelClient,
  createChannelGate,
  registerChannels,
  startInFlightReport,
  wakeParked,
} from "@hookline/delivery";
import type { Logger } from "@hookline/observability";
import {
  createSystemEventPublisher,
  QUEUE_NAMES,
  type DeliveryJob,
  type NotificationJob,
} from "@hookline/queue";
import { createBatchFlusher } from "./batching/batch-flusher";
import { createBatchStore } from "./batching/batch-store";
import { channelRoutes } from "./channels/channel-matcher";
import { createAttemptLog } from "./delivery/attempt-log";
import { createChannelSlots } from "./delivery/channel-slots";
import { createChannelWaits } from "./delivery/channel-waits";
import { createSlowLending } from "./delivery/slow-lending";
import { deliveryBackoffStrategy } from "./delivery/retry-policy";
import { recordInterrupted } from "./delivery/record-interrupted";
import { createDeliveryProcessor } from "./delivery/delivery-processor";
import { CHANNEL_DISABLED_EVENT, createFanOutProcessor } from "./fan-out/fan-out-processor";
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
  const clientsFor = (inAttemptRetries: boolean) =>
    new Map(
      routes.map((route) => [
        route.name,
        createChannelClient({
          channel: route.config,
          policy,
          defaultTimeoutMs: config.outgoing.timeout,
          maxSockets: config.outgoing.max_sockets_per_channel,
          inAttemptRetries,
        }),
      ]),
    );
  // Deliveries: one request per try, retried through BullMQ (retry-policy.ts).
  const clients = clientsFor(false);
  const limits = new Map(
    routes.map((route) => [route.name, route.config.max_in_flight ?? config.notifier.concurrency]),
  );
  const slots = createChannelSlots(limits, async (job) => {
    try {
      await job.changeDelay(0);
      return true;
    } catch {
      return false;
    }
  });
  const inFlightReport = startInFlightReport(
    deps.producer,
    prefix,
    randomUUID(),
    slots.counts,
    2000,
    (error) => logger.warn("could not report in-flight deliveries", { error }),
  );
  const publishSystemEvent = createSystemEventPublisher(deps.notificationQueue, "notifier");
  const batches = createBatchFlusher(
    createBatchStore(deps.producer, prefix),
    routes,
    deps.deliveryQueue,
    (error) => logger.error("batch flush failed", { error }),
  );
  const gate = createChannelGate(deps.producer, prefix);
  const waits = createChannelWaits();
  // eslint-disable-next-line prefer-const -- the worker is created after its processor
  let delivery: Worker | undefined;
  const lending = createSlowLending(
    () => delivery,
    [...limits.values()].reduce((sum, limit) => sum + limit, 0),
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
    createFanOutProcessor({
      routes,
      deliveries: deps.deliveryQueue,
      batches,
      waits,
      park: (channel, jobId, untilMs) => gate.park(channel, jobId, untilMs),
    }),
    {
      ...workerOptions,
      connection: deps.consumers[0],
    },
  );
  delivery = new Worker(
    QUEUE_NAMES.deliveries,
    createDeliveryProcessor({
      routes: routesByName,
      clients,
      policy,
      gate,
      slots,
      waits,
      lending,
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
      onChannelDisabled: (channel, lastFailure) =>
        publishSystemEvent(CHANNEL_DISABLED_EVENT, "high", {
          channel,
          reason: `failing without a success for disable_after; last failure: ${lastFailure}`,
        }),
      wake: (ids) => wakeParked(deps.deliveryQueue, ids),
    }),
    {
      ...workerOptions,
      // Twice the concurrency, while one channel takes at most `concurrency`
      // (its max_in_flight by default): a channel whose receiver holds every
      // request to the deadline takes half the slots at most, and the other
      // channels keep a full `concurrency` (issue 18). A waiting request costs
      // a socket and a promise, no CPU.
      concurrency: 2 * config.notifier.concurrency,
      lockDuration: config.notifier.delivery_lock_duration,
      connection: deps.consumers[1],
      settings: {
        backoffStrategy: deliveryBackoffStrategy((name) => routesByName.get(name)?.config),
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
      // The direct path has nowhere durable to wait: it keeps axios-retry's in-attempt retries.
      clients: clientsFor(true),
      policy,
      maxResponseBytes: config.outgoing.max_response_bytes,
      defaultTimeoutMs: config.outgoing.timeout,
      logger,
    }),
    async run() {
      // What the dashboard's Channels page lists (it does not read the outgoing section).
      await registerChannels(
        deps.producer,
        prefix,
        Object.entries(config.outgoing.channels).map(([name, channel]) => ({
          name,
          host: new URL(channel.url).host,
          configured: channel.enabled,
          rateLimit: channel.rate_limit ?? null,
        })),
      );
      void fanOut.run();
      void delivery.run();
      // A notification pushed by another replica is seen within one poll; from
      // then on the flusher sleeps exactly until the oldest member is due.
      batches.start(Math.min(1000, Math.max(20, smallestFlushInterval / 2)));
    },
    async close() {
      await batches.stop();
      await Promise.all([fanOut.close(), delivery.close()]);
      await inFlightReport.stop();
      await attempts.close();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
