import type { Queue } from "bullmq";
import { batchDelivery, type DeliveryJob, type NotificationJob } from "@hookline/queue";
import type { ChannelRoute } from "../channels/channel-matcher";
import { enqueueDeliveries } from "../delivery/enqueue-delivery";
import type { BatchClaim, BatchStore } from "./batch-store";

export interface BatchFlusher {
  /** Queues a notification for a batching channel; a batch it fills is sent at once. */
  add(route: ChannelRoute, notification: NotificationJob): Promise<void>;
  /**
   * Sends full batches, partial batches whose oldest member has waited
   * flush_interval, and batches a dead replica had claimed. Resolves with the
   * milliseconds until the next partial batch is due (null: none waits).
   */
  flushDue(): Promise<number | null>;
  /** Flushes now and then again when the next batch is due, looking at least every `pollMs`. */
  start(pollMs: number): void;
  /** Stops the timer; resolves once a flush in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Batching for channels with batch_size > 1. Every claim is atomic in Redis
 * (see batch-scripts.ts), so any number of notifier replicas may push and
 * flush the same channel: each notification goes into exactly one batch.
 */
export function createBatchFlusher(
  store: BatchStore,
  routes: readonly ChannelRoute[],
  deliveries: Queue<DeliveryJob>,
  onError: (error: unknown) => void,
): BatchFlusher {
  const batching = routes.filter((route) => route.config.batch_size > 1);
  const send = async (route: ChannelRoute, claims: readonly BatchClaim[]) => {
    if (claims.length === 0) return;
    await enqueueDeliveries(
      deliveries,
      claims.map((claim) => ({
        job: batchDelivery(claim.notifications, route.name),
        channel: route.config,
      })),
    );
    // A crash here leaves the claims; after the lease they are enqueued again under the same job ids.
    await store.release(
      route.name,
      claims.map((claim) => claim.id),
    );
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  const flusher: BatchFlusher = {
    async add(route, notification) {
      await send(route, await store.push(route.name, route.config.batch_size, notification));
    },
    async flushDue() {
      const waits = await Promise.all(
        batching.map(async (route) => {
          const due = await store.claimDue(
            route.name,
            route.config.batch_size,
            route.config.flush_interval,
          );
          await send(route, due.claims);
          return due.nextDueMs;
        }),
      );
      const pending = waits.filter((wait): wait is number => wait !== null);
      return pending.length > 0 ? Math.min(...pending) : null;
    },
    start(pollMs) {
      if (batching.length === 0) return;
      stopped = false;
      const tick = (): void => {
        running = flusher
          .flushDue()
          .catch((error: unknown) => {
            onError(error);
            return null;
          })
          .then((nextDueMs) => {
            running = undefined;
            if (stopped) return;
            timer = setTimeout(tick, Math.max(1, Math.min(pollMs, nextDueMs ?? pollMs)));
            timer.unref();
          });
      };
      tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
  return flusher;
}
