import type { ChannelStateSnapshot } from "@hookline/delivery";
import { formatTime } from "../http/clock";

/** True when deliveries to the channel are held back now: disabled, open, probing, or asked to wait. */
export function isHeld(state: ChannelStateSnapshot): boolean {
  return !state.enabled || state.circuit !== "closed" || state.quietUntil !== null;
}

/**
 * One line for a channel's state, as the Overview and a pull request's page
 * show it: "disabled by otto since 2026-12-06 21:40:00 UTC · circuit open
 * until 2026-12-06 21:41:00 UTC · 5 failures in a row", "circuit closed".
 */
export function describeChannel(state: ChannelStateSnapshot, timeZone: string): string {
  const parts: string[] = [];
  if (!state.enabled)
    parts.push(
      `disabled${state.disabledBy ? ` by ${state.disabledBy}` : ""}${state.disabledAt ? ` since ${formatTime(state.disabledAt, timeZone)}` : ""}`,
    );
  if (state.circuit === "open")
    parts.push(
      state.circuitUntil
        ? `circuit open until ${formatTime(state.circuitUntil, timeZone)}`
        : "circuit open",
    );
  else if (state.circuit === "half_open") parts.push("circuit half open: one probe out");
  else parts.push("circuit closed");
  if (state.quietUntil)
    parts.push(`receiver asked to wait until ${formatTime(state.quietUntil, timeZone)}`);
  if (state.failures > 0) parts.push(`${state.failures} failures in a row`);
  return parts.join(" · ");
}
