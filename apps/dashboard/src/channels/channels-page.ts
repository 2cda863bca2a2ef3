import { CHANNEL_ACTIONS, type ChannelAction } from "@hookline/delivery";
import { formatTime, html, type SafeHtml } from "../http/html";
import type { ChannelOverview } from "./channel-overview";

const ACTION_LABELS: Record<ChannelAction, string> = {
  probe: "Probe now",
  close: "Close circuit",
  enable: "Enable",
  disable: "Disable",
};

/** Which actions make sense for a channel as it is now. */
function actionsFor(channel: ChannelOverview): ChannelAction[] {
  if (!channel.configured) return [];
  if (!channel.enabled) return ["enable"];
  return CHANNEL_ACTIONS.filter(
    (action) =>
      action === "disable" ||
      ((action === "probe" || action === "close") && channel.circuit !== "closed"),
  );
}

function when(at: number | null, timeZone: string) {
  return at === null ? html`<span class="note">never</span>` : formatTime(at, timeZone);
}

function row(channel: ChannelOverview, canAct: boolean, timeZone: string): SafeHtml {
  const status = !channel.configured
    ? html`<span class="note">off in configuration</span>`
    : channel.enabled
      ? "enabled"
      : html`<span class="error">disabled</span><br /><span class="note"
            >${channel.disabledBy ?? ""} · ${when(channel.disabledAt, timeZone)}</span
          >`;
  // An open circuit past its cool-down waits for a delivery to probe it: no "until" a past time.
  const cooledDown =
    channel.circuit === "open" &&
    channel.circuitUntil !== null &&
    channel.circuitUntil <= Date.now();
  const circuit =
    channel.circuit === "closed"
      ? "closed"
      : cooledDown
        ? html`open<br /><span class="note"
              >cool-down over since ${when(channel.circuitUntil, timeZone)}: the next delivery
              probes it</span
            >`
        : html`${channel.circuit === "open" ? "open" : "half-open (probing)"}<br /><span
              class="note"
              >until ${when(channel.circuitUntil, timeZone)}</span
            >`;
  const rate =
    channel.rateLimit === null
      ? html`<span class="note">none</span>`
      : channel.effectiveRate !== channel.rateLimit
        ? html`${channel.effectiveRate}/s
            <span class="note">(lowered from ${channel.rateLimit}/s by 429 answers)</span>`
        : `${channel.rateLimit}/s`;
  const actions = canAct
    ? actionsFor(channel).map(
        (action) =>
          html`<form
            method="post"
            action="/channels/${channel.channel}/${action}"
            style="display:inline"
          >
            <button
              type="submit"
              data-action="${action}"
              class="${action === "disable" ? "danger" : ""}"
            >
              ${ACTION_LABELS[action]}
            </button>
          </form>`,
      )
    : [];
  return html`<tr data-channel="${channel.channel}">
    <td><strong>${channel.channel}</strong><br /><span class="note">${channel.host}</span></td>
    <td data-field="status">${status}</td>
    <td data-field="circuit">
      ${circuit}${channel.quietUntil ? html`<br /><span class="note">Retry-After until ${when(channel.quietUntil, timeZone)}</span>` : ""}
    </td>
    <td data-field="in-flight">${channel.inFlight}</td>
    <td data-field="delayed">${channel.delayed}</td>
    <td data-field="failed">
      <a href="/dead-letters?channel=${encodeURIComponent(channel.channel)}"
        >${channel.failed}${channel.failedCapped ? "+" : ""}</a
      >
    </td>
    <td data-field="last-success">${when(channel.lastSuccessAt, timeZone)}</td>
    <td data-field="last-failure" class="reason">
      ${when(channel.lastFailureAt, timeZone)}${channel.lastFailure ? html`<br />${channel.lastFailure}` : ""}
    </td>
    <td data-field="rate">${rate}</td>
    ${canAct ? html`<td data-field="actions">${actions}</td>` : ""}
  </tr>`;
}

/** The Channels page body: one row per configured channel; action buttons only for operators. */
export function channelsTable(
  channels: readonly ChannelOverview[],
  canAct: boolean,
  timeZone: string,
  notice?: SafeHtml,
): SafeHtml {
  return html`${notice ?? ""}
    <table id="channels">
      <thead>
        <tr>
          <th>Channel</th>
          <th>Status</th>
          <th>Circuit</th>
          <th>In flight</th>
          <th>Delayed</th>
          <th>Failed</th>
          <th>Last success</th>
          <th>Last failure</th>
          <th>Rate limit</th>
          ${canAct ? html`<th>Actions</th>` : ""}
        </tr>
      </thead>
      <tbody>
        ${channels.map((channel) => row(channel, canAct, timeZone))}
      </tbody>
    </table>
    ${channels.length === 0 ? html`<p class="note">No channels are configured.</p>` : ""}
    <p class="note">
      In flight: summed over the notifier replicas that reported in the last 15 s. Every action is
      recorded in the <a href="/audit">audit log</a>.
    </p>`;
}
