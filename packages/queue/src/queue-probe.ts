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

/** A key under the queue's own prefix (same cluster slot), gone after 10 s. */
async function writeProbe(queue: Queue | undefined): Promise<void> {
  if (!queue) return;
  const client = await queue.getBackend().client;
  await client.set(queue.toKey("ready-probe"), Date.now(), { PX: 10_000 });
}

/**
 * Runs real queue commands rather than PING: BullMQ's job-count script on
 * each queue's own keys and slot, and one short-lived write beside the first
 * queue's keys. A Redis that answers PING but refuses scripts, writes or the
 * slot (out of memory under noeviction, cluster down, MOVED loops) is not
 * ready: reads alone still pass when Redis is full. Never rejects;
 * `timeoutMs` bounds the whole probe.
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
    const [counts] = await Promise.all([
      Promise.all(queues.map((queue) => queue.getJobCounts(...STATES))),
      writeProbe(queues[0]),
    ]);
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
