import type { Job } from "bullmq";

const MAX_PARKED = 1000;

/**
 * Per-channel in-flight limit of one notifier replica (max_in_flight).
 * A delivery that finds its channel full waits here a moment (`waitMs`): a
 * healthy channel frees a slot within milliseconds, and a job parked instead
 * would cost two more trips to Redis. If none frees in time the caller parks
 * the job in the delayed set, holding no worker slot; a freed slot then wakes
 * the oldest parked job at once (`wake`), its delay being only the fallback
 * should this replica die first.
 */
export function createChannelSlots(
  limits: ReadonlyMap<string, number>,
  /** Moves a parked job out of the delayed set; false when it is no longer there. */
  wake: (job: Job) => Promise<boolean>,
  waitMs = 50,
) {
  const inFlight = new Map<string, number>([...limits.keys()].map((name) => [name, 0]));
  const waiters = new Map<string, Array<(granted: boolean) => void>>();
  const parkedJobs = new Map<string, Job[]>();
  const listOf = <T>(map: Map<string, T[]>, channel: string) => {
    let list = map.get(channel);
    if (!list) map.set(channel, (list = []));
    return list;
  };
  const wakeParked = async (channel: string): Promise<void> => {
    // Jobs whose fallback delay already ran are no longer delayed: skip them.
    const next = parkedJobs.get(channel)?.shift();
    if (next && !(await wake(next).catch(() => false))) return wakeParked(channel);
  };
  return {
    /**
     * Takes a slot, waiting up to `waitMs` for one to free; resolves false
     * when the channel still holds its max_in_flight (the caller parks the job).
     */
    acquire(channel: string): boolean | Promise<boolean> {
      const used = inFlight.get(channel) ?? 0;
      if (used < (limits.get(channel) ?? 1)) {
        inFlight.set(channel, used + 1);
        return true;
      }
      return new Promise((resolve) => {
        const queue = listOf(waiters, channel);
        const waiter = (granted: boolean) => {
          clearTimeout(timer);
          resolve(granted);
        };
        const timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          resolve(false);
        }, waitMs);
        queue.push(waiter);
      });
    },
    release(channel: string): void {
      // A waiting job takes the slot over; otherwise it frees, and wakes a parked job.
      const waiter = waiters.get(channel)?.shift();
      if (waiter) return waiter(true);
      inFlight.set(channel, Math.max(0, (inFlight.get(channel) ?? 1) - 1));
      void wakeParked(channel);
    },
    /** Remembers a job parked for want of a slot, to wake it when one frees. */
    parked(channel: string, job: Job): void {
      const list = listOf(parkedJobs, channel);
      // Bounded: past this, parked jobs wake by their delay alone.
      if (list.length >= MAX_PARKED) list.shift();
      list.push(job);
    },
    /** In-flight count per channel (the Channels page, via Redis). */
    counts: (): ReadonlyMap<string, number> => inFlight,
  };
}

export type ChannelSlots = ReturnType<typeof createChannelSlots>;
