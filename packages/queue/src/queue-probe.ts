import type { Queue } from "bullmq";

/** What a readiness check learns from the queues. */
export interface QueueProbe {
  ok: boolean;
  /** Jobs per queue and state, when every queue answered. */
  depth: Record<string, Record<string, number>>;
  /** Why not, when not ok: the first failing queue's error or the timeout. */
  error?: string;
}

const STATES = ["waiting", "active", "delayed", "failed", "prioritized"] as const;

/**
 * Runs a real queue command (BullMQ's job-count script, on each queue's own
 * keys and slot) rather than PING: a Redis that answers PING but refuses
 * scripts, writes or the slot (out of memory, cluster down, MOVED loops)
 * is not ready. Never rejects; `timeoutMs` bounds the whole probe.
 */
export async function probeQueues(queues: readonly Queue[], timeoutMs = 1000): Promise<QueueProbe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<QueueProbe>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, depth: {}, error: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    timer.unref();
  });
  const probe = (async (): Promise<QueueProbe> => {
    const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...STATES)));
    const depth = Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index]!]));
    return { ok: true, depth };
  })().catch((error: unknown) => ({
    ok: false,
    depth: {},
    error: error instanceof Error ? error.message : String(error),
  }));
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
