import type { Worker } from "bullmq";

/** A request in flight longer than this is waiting on its receiver: its worker slot is lent back. */
export const SLOW_REQUEST_MS = 250;

/**
 * Raises the delivery worker's concurrency by one for each request that has
 * waited on its receiver longer than SLOW_REQUEST_MS, and lowers it when the
 * request ends: a receiver that answers slowly (or not at all, until the
 * deadline) holds sockets and promises, no CPU, and must not shrink the
 * other channels' share of the worker (issue 18). Bounded by `maxLent`, the
 * sum of the channels' max_in_flight.
 */
export function createSlowLending(worker: () => Worker | undefined, maxLent: number) {
  let lent = 0;
  return {
    /** Call when a request starts; the returned function when it ends. */
    watch(): () => void {
      let lending = false;
      const timer = setTimeout(() => {
        const target = worker();
        if (!target || lent >= maxLent) return;
        lending = true;
        lent += 1;
        target.concurrency = target.concurrency + 1;
      }, SLOW_REQUEST_MS);
      timer.unref();
      return () => {
        clearTimeout(timer);
        const target = worker();
        if (!lending || !target) return;
        lent -= 1;
        target.concurrency = Math.max(1, target.concurrency - 1);
      };
    },
    lent: () => lent,
  };
}

export type SlowLending = ReturnType<typeof createSlowLending>;
