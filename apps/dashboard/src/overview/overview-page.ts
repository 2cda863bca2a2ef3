import { formatTime, html, type SafeHtml } from "../http/html";
import { isHeld, type CircuitState } from "./circuit-reader";
import type { Overview } from "./overview-data";

/**
 * "open until 2026-12-06 21:41:00 UTC · 5 failures", "closed", "waiting
 * (Retry-After) until …". An open circuit whose cool-down has ended stays
 * "open" in Redis until a delivery of its channel probes it (none may come
 * for hours): it reads "cool-down over since …", not "open until" a past time.
 */
export function describeCircuit(circuit: CircuitState, timeZone: string, now = Date.now()): string {
  const parts: string[] = [];
  if (circuit.state === "open" && circuit.until && circuit.until <= now)
    parts.push(
      `open, cool-down over since ${formatTime(circuit.until, timeZone)}: the next delivery probes it`,
    );
  else if (circuit.state === "open")
    parts.push(circuit.until ? `open until ${formatTime(circuit.until, timeZone)}` : "open");
  else if (circuit.state === "half_open") parts.push("half open: one probe out");
  else parts.push("closed");
  if (circuit.quietUntil && circuit.quietUntil > now)
    parts.push(`receiver asked to wait until ${formatTime(circuit.quietUntil, timeZone)}`);
  if (circuit.failures > 0) parts.push(`${circuit.failures} failures in a row`);
  return parts.join(" · ");
}

/** The form that opens a pull request's page: owner/repo#number or its GitHub URL. */
export function pullRequestFinder(value = ""): SafeHtml {
  return html`<form class="filters" method="get" action="/pull-requests" id="find-pull-request">
    <label
      >Pull request (owner/repo#number or its GitHub URL)<input
        name="q"
        value="${value}"
        size="50"
        placeholder="acme/web#603 or https://github.com/acme/web/pull/603"
    /></label>
    <button type="submit">Open</button>
  </form>`;
}

/** The Overview: find a pull request; channels held back or with dead letters; queues; sweeps. */
export function overviewBody(overview: Overview, timeZone: string): SafeHtml {
  const channels = overview.channels.map(
    (channel) =>
      html`<tr data-channel="${channel.channel}">
        <td><a href="/channels#${channel.channel}">${channel.channel}</a></td>
        <td class="${isHeld(channel.circuit) ? "bad" : "ok"}">
          ${describeCircuit(channel.circuit, timeZone)}
        </td>
        <td>
          ${
            channel.deadLetters > 0
              ? html`<a
                  href="/dead-letters?queue=deliveries&channel=${encodeURIComponent(channel.channel)}"
                  >${channel.deadLetters}</a
                >`
              : "0"
          }
        </td>
        <td>${channel.delayed}</td>
      </tr>`,
  );
  const queues = overview.queues.map(
    (queue) =>
      html`<tr data-queue="${queue.queue}">
        <td><a href="/queues/queue/${queue.queue}">${queue.queue}</a></td>
        <td>${queue.waiting}</td>
        <td>${queue.active}</td>
        <td>${queue.delayed}</td>
        <td>
          ${
            queue.failed > 0
              ? html`<a href="/dead-letters?queue=${queue.queue}">${queue.failed}</a>`
              : "0"
          }
        </td>
      </tr>`,
  );
  const sweeps = overview.sweeps.map(
    (sweep) =>
      html`<tr>
        <td>${sweep.hook}</td>
        <td>
          ${sweep.lastSuccessAt ? formatTime(sweep.lastSuccessAt, timeZone) : html`<span class="bad">never completed</span>`}
        </td>
        <td>${formatTime(sweep.cursorAt, timeZone)}</td>
        <td>${sweep.redeliveriesPending}</td>
      </tr>`,
  );
  return html`${pullRequestFinder()}
    <section>
      <h2>Channels</h2>
      ${
        overview.channels.length === 0
          ? html`<p class="note">No channel has failed or waited yet.</p>`
          : html`<table id="channels">
              <thead>
                <tr>
                  <th>Channel</th>
                  <th>Circuit</th>
                  <th>Dead letters</th>
                  <th>Delayed</th>
                </tr>
              </thead>
              <tbody>
                ${channels}
              </tbody>
            </table>`
      }
      ${
        overview.channelsPartial
          ? html`<p class="note">Counted per channel among the newest 10000 only.</p>`
          : ""
      }
    </section>
    <section>
      <h2>Queues</h2>
      <table id="queues">
        <thead>
          <tr>
            <th>Queue</th>
            <th>Waiting</th>
            <th>Active</th>
            <th>Delayed</th>
            <th>Dead letters</th>
          </tr>
        </thead>
        <tbody>
          ${queues}
        </tbody>
      </table>
    </section>
    <section>
      <h2>GitHub redelivery sweeps</h2>
      ${
        overview.sweeps.length === 0
          ? html`<p class="note" id="no-sweeps">
              No sweep has completed yet (no hooks configured, or the sweeper has not run).
            </p>`
          : html`<table id="sweeps">
              <thead>
                <tr>
                  <th>Hook</th>
                  <th>Last completed sweep</th>
                  <th>Settled back to</th>
                  <th>Redeliveries pending at GitHub</th>
                </tr>
              </thead>
              <tbody>
                ${sweeps}
              </tbody>
            </table>`
      }
      <p class="note">
        A sweep that fails leaves the last completed time as it was: an old time here is a failing
        sweep (see the sweeper's log and webhook_sweep metrics).
      </p>
    </section>
    <p class="note">As of ${formatTime(overview.at, timeZone)}.</p>`;
}
