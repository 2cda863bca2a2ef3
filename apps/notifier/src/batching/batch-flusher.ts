import type { Queue } from "bullmq";
import { runEvery, type Periodic } from "@hookline/lifecycle";
import { batchDelivery, type DeliveryJob, type NotificationJob } from "@hookline/queue";
import type { ChannelRoute } from "../channels/channel-matcher";
import { enqueueDeliveries } from "../delivery/enqueue-delivery";
import type { BatchStore } from "./batch-store";

export interface BatchFlusher {
  /** Queues a notification for a batching channel; sends the batch once it is full. */
  add(route: ChannelRoute, notification: NotificationJob): Promise<void>;
  /** Sends every batch whose oldest notification has waited flush_interval. */
  flushDue(): Promise<void>;
  start(intervalMs: number): void;
  /** Stops the timer; resolves once a flush in progress has finished. */
  stop(): Promise<void>;
}

export function createBatchFlusher(
  store: BatchStore,
  routes: readonly ChannelRoute[],
  deliveries: Queue<DeliveryJob>,
  onError: (error: unknown) => void,
): BatchFlusher {
  const flush = (route: ChannelRoute) =>
    store.flush(route.name, route.config.batch_size, (notifications) =>
      enqueueDeliveries(deliveries, [
        { job: batchDelivery(notifications, route.name), channel: route.config },
      ]),
    );
  let periodic: Periodic | undefined;
  const flusher: BatchFlusher = {
    async add(route, notification) {
      const waiting = await store.push(route.name, notification);
      if (waiting >= route.config.batch_size) await flush(route);
    },
    async flushDue() {
      for (const route of routes.filter((candidate) => candidate.config.batch_size > 1)) {
        const age = await store.age(route.name);
        if (age !== null && age >= route.config.flush_interval) await flush(route);
      }
    },
    start(intervalMs) {
      periodic = runEvery(intervalMs, () => flusher.flushDue(), onError);
    },
    async stop() {
      await periodic?.stop();
    },
  };
  return flusher;
}
