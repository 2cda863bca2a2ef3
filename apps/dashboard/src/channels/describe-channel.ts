import type { ChannelStateSnapshot } from "@hookline/delivery";
import { formatTime } from "../http/clock";

/** True when deliveries to the channel are held back now: disabled, open, probing, or asked to wait. */
export function isHeld(state: ChannelStateSnapshot): boolean {
  return !state.enabled || state.circuit !== "closed" || state.quietUntil !== null;
}

/**
 * One line for a channel's state, as the Overview and a pull request's page
 * show it: "disabled by otto since 2026-12-06 21:40:00 UTC · circuit open
 * until 2026-12-06 21:41:00 UTC · 5 failures in a row", "circuit closed";
 * "circuit open, cool-down over since …" once its cool-down has ended.
 */
export function describeChannel(
  state: ChannelStateSnapshot,
  timeZone: string,
  now = Date.now(),
): string {
  const parts: string[] = [];
  if (!state.enabled)
    parts.push(
      `disabled${state.disabledBy ? ` by ${state.disabledBy}` : ""}${state.disabledAt ? ` since ${formatTime(state.disabledAt, timeZone)}` : ""}`,
    );
  // An open circuit past its cool-down stays "open" in Redis until a delivery
  // of its channel probes it, which may be hours away: no "until" a past time.
  if (state.circuit === "open" && state.circuitUntil !== null && state.circuitUntil <= now)
    parts.push(
      `circuit open, cool-down over since ${formatTime(state.circuitUntil, timeZone)}: the next delivery probes it`,
    );
  else if (state.circuit === "open")
    parts.push(
      state.circuitUntil
        ? `circuit open until ${formatTime(state.circuitUntil, timeZone)}`
        : "circuit open",
    );
  else if (state.circuit === "half_open") parts.push("circuit half open: one probe out");
  else parts.push("circuit closed");
  if (state.quietUntil && state.quietUntil > now)
    parts.push(`receiver asked to wait until ${formatTime(state.quietUntil, timeZone)}`);
  if (state.failures > 0) parts.push(`${state.failures} failures in a row`);
  return parts.join(" · ");
}
