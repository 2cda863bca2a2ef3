import type { Job } from "bullmq";

const MAX_WAITING = 1000;

/**
 * Per-channel in-flight limit of one notifier replica (max_in_flight). A
 * delivery that finds its channel full is parked in the delayed set by the
 * caller; when a slot frees, the oldest parked job here is woken at once
 * (`wake`), and its delay (one request deadline) is only the fallback should
 * this replica die first.
 */
export function createChannelSlots(
  limits: ReadonlyMap<string, number>,
  /** Moves a parked job out of the delayed set; false when it is no longer there. */
  wake: (job: Job) => Promise<boolean>,
) {
  const inFlight = new Map<string, number>([...limits.keys()].map((name) => [name, 0]));
  const waiting = new Map<string, Job[]>();
  return {
    /** Takes a slot; false when the channel holds its max_in_flight already. */
    tryAcquire(channel: string): boolean {
      const used = inFlight.get(channel) ?? 0;
      if (used >= (limits.get(channel) ?? 1)) return false;
      inFlight.set(channel, used + 1);
      return true;
    },
    release(channel: string): void {
      inFlight.set(channel, Math.max(0, (inFlight.get(channel) ?? 1) - 1));
      // Jobs whose fallback delay already ran are no longer delayed: skip them.
      const wakeOne = async (): Promise<void> => {
        const next = waiting.get(channel)?.shift();
        if (next && !(await wake(next).catch(() => false))) return wakeOne();
      };
      void wakeOne();
    },
    /** Remembers a job parked for want of a slot, to wake it when one frees. */
    parked(channel: string, job: Job): void {
      const list = waiting.get(channel) ?? [];
      // Bounded: past this, parked jobs wake by their delay alone.
      if (list.length >= MAX_WAITING) list.shift();
      list.push(job);
      waiting.set(channel, list);
    },
    /** In-flight count per channel (the Channels page, via Redis). */
    counts: (): ReadonlyMap<string, number> => inFlight,
  };
}

export type ChannelSlots = ReturnType<typeof createChannelSlots>;
