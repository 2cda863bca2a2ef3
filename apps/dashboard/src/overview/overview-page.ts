import { formatTime, html, type SafeHtml } from "../http/html";
import { FAILED_SCAN } from "../channels/channel-overview";
import { describeChannel, isHeld } from "../channels/describe-channel";
import type { Overview } from "./overview-data";

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

/** The Overview: find a pull request; every channel, held back ones marked; queues; sweeps. */
export function overviewBody(overview: Overview, timeZone: string): SafeHtml {
  const channels = overview.channels.map(
    (channel) =>
      html`<tr data-channel="${channel.channel}">
        <td><a href="/channels#${channel.channel}">${channel.channel}</a></td>
        <td data-field="state" class="${isHeld(channel) ? "bad" : "ok"}">
          ${describeChannel(channel, timeZone)}
        </td>
        <td data-field="rate">
          ${channel.rateLimit === null ? "none" : `${channel.effectiveRate}/s`}
        </td>
        <td>
          ${
            channel.failed > 0
              ? html`<a
                  href="/dead-letters?queue=deliveries&channel=${encodeURIComponent(channel.channel)}"
                  >${channel.failed}${channel.failedCapped ? "+" : ""}</a
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
          ? html`<p class="note">No channels are configured (or no notifier has started yet).</p>`
          : html`<table id="channels">
              <thead>
                <tr>
                  <th>Channel</th>
                  <th>State</th>
                  <th>Rate limit</th>
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
          ? html`<p class="note">
              Dead letters counted per channel among the newest ${FAILED_SCAN} only.
            </p>`
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
