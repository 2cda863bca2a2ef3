// How long this replica keeps believing a channel waits without seeing it again.
const BELIEF_MS = 1000;

/**
 * What this replica last saw of each channel's gate: "waits until T" (open
 * or probing circuit, Retry-After, disabled). The fan-out adds a waiting
 * channel's new deliveries straight to the delayed set, so an open circuit's
 * jobs are not fetched to be told to wait. A belief lasts one second: after
 * that one delivery goes through the gate again and renews or ends it.
 */
export function createChannelWaits() {
  const waits = new Map<string, { until: number; seenAt: number }>();
  return {
    note(channel: string, until: number): void {
      waits.set(channel, { until, seenAt: Date.now() });
    },
    clear(channel: string): void {
      waits.delete(channel);
    },
    /** Epoch ms this channel waits until, or null (not waiting, or not seen lately). */
    until(channel: string, now = Date.now()): number | null {
      const wait = waits.get(channel);
      if (!wait || wait.until <= now || now - wait.seenAt > BELIEF_MS) return null;
      return wait.until;
    },
  };
}

export type ChannelWaits = ReturnType<typeof createChannelWaits>;
