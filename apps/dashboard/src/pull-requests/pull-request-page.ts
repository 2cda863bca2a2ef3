import { formatTime, zonedText } from "../http/clock";
import { html, SafeHtml } from "../http/html";
import type { DeadLetter } from "../dead-letters/dead-letter";
import { describeAttempts } from "../dead-letters/attempts";
import type { ChannelStateSnapshot } from "@hookline/delivery";
import { describeChannel, isHeld } from "../channels/describe-channel";
import type { PullRequestRef } from "./pull-request-ref";
import type { PullRequestStory } from "./pull-request-story";
import type { AttemptRow, SentMessage } from "./sent-messages";

/** What the page and /api/pull-requests show: the stored story, its dead letters, its channels' state. */
export interface PullRequestView {
  ref: PullRequestRef;
  story: PullRequestStory;
  deadLetters: DeadLetter[];
  /** Each registered channel's shared state, by name (the Channels page's reader). */
  channels: Record<string, ChannelStateSnapshot>;
}

const when = (at: Date | null | undefined, timeZone: string) =>
  at ? formatTime(at, timeZone) : "—";

function answerOf(attempt: AttemptRow): string {
  const status = attempt.statusCode !== null ? `HTTP ${attempt.statusCode}` : "no answer";
  const detail = attempt.answer ?? attempt.error ?? "";
  return detail ? `${status}: ${detail}` : status;
}

const delivered = (message: SentMessage) =>
  message.attempts.some((attempt) => attempt.statusCode !== null && attempt.statusCode < 300);

function deadLettersLink(view: PullRequestView): string {
  const { pullRequest } = view.story;
  return `/dead-letters?queue=deliveries&repo=${encodeURIComponent(pullRequest.repository)}&pr=${pullRequest.number}`;
}

function failures(view: PullRequestView, timeZone: string): SafeHtml {
  const letters = view.deadLetters;
  if (letters.length === 0)
    return html`<p class="ok" id="no-dead-letters">No dead letters about this pull request.</p>`;
  return html`<p>
      <strong id="dead-letter-count">${letters.length}</strong> dead letters about this pull
      request.
      <a href="${deadLettersLink(view)}" id="dead-letters-link"
        >Open them in Dead letters (replay there)</a
      >
    </p>
    <table id="pr-dead-letters">
      <thead>
        <tr>
          <th>Failed at</th>
          <th>Queue</th>
          <th>Channel</th>
          <th>Channel's state</th>
          <th>Event</th>
          <th>Why it failed</th>
          <th>Attempts</th>
        </tr>
      </thead>
      <tbody>
        ${letters.map((letter) => {
          const state = letter.channel ? view.channels[letter.channel] : undefined;
          return html`<tr data-job-id="${letter.id}">
            <td>${formatTime(letter.failedAt, timeZone)}</td>
            <td>${letter.queue}</td>
            <td>${letter.channel ?? "—"}</td>
            <td class="${state && isHeld(state) ? "bad" : ""}">
              ${state ? describeChannel(state, timeZone) : letter.channel ? "not configured" : "—"}
            </td>
            <td>${letter.eventTypes.join(", ")}</td>
            <td class="reason">
              ${letter.permanent ? html`<span class="permanent">permanent</span> ` : ""}${zonedText(letter.reason, timeZone)}
              ${letter.replayRefusal ? html`<br /><span class="note">${letter.replayRefusal}</span>` : ""}
            </td>
            <td>${describeAttempts(letter.attemptsMade, letter.attempts, letter.permanent)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
}

function sent(view: PullRequestView, timeZone: string): SafeHtml {
  const channels = Object.entries(view.story.channels).sort(([a], [b]) => a.localeCompare(b));
  if (channels.length === 0)
    return html`<p class="note">
      No outgoing delivery attempt about this pull request is recorded.
    </p>`;
  return html`${channels.map(
    ([channel, messages]) =>
      html`<h3 id="channel-${channel}">
          ${channel}
          <span class="note"
            >·
            ${view.channels[channel] ? describeChannel(view.channels[channel]!, timeZone) : "not configured"}</span
          >
        </h3>
        <table class="sent" data-channel="${channel}">
          <thead>
            <tr>
              <th>Message (webhook-id)</th>
              <th>Outcome</th>
              <th>When</th>
              <th>Attempt</th>
              <th>Answer</th>
              <th>Took</th>
            </tr>
          </thead>
          <tbody>
            ${messages.map((message) =>
              message.attempts.map(
                (attempt, index) =>
                  html`<tr>
                    ${
                      index === 0
                        ? html`<td rowspan="${message.attempts.length}">
                              <code>${message.messageId}</code>
                            </td>
                            <td
                              rowspan="${message.attempts.length}"
                              class="${delivered(message) ? "ok" : "bad"}"
                            >
                              ${delivered(message) ? "delivered" : "not delivered"}
                            </td>`
                        : ""
                    }
                    <td>${formatTime(attempt.at, timeZone)}</td>
                    <td>
                      attempt
                      ${attempt.attempt}${attempt.try > 1 ? `, request ${attempt.try}` : ""}${
                        attempt.replay > 0 ? ` (replay ${attempt.replay})` : ""
                      }
                    </td>
                    <td class="reason">${answerOf(attempt)}</td>
                    <td>${attempt.durationMs} ms</td>
                  </tr>`,
              ),
            )}
          </tbody>
        </table>`,
  )}`;
}

function checks(view: PullRequestView, timeZone: string): SafeHtml {
  return html`${view.story.commits.map(
    (commit) =>
      html`<h3><code>${commit.sha.slice(0, 12)}</code>${commit.head ? " (head)" : ""}</h3>
        <table class="checks" data-sha="${commit.sha}">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Name or app</th>
              <th>Status</th>
              <th>Conclusion or state</th>
              <th>At</th>
              <th>Delivery</th>
            </tr>
          </thead>
          <tbody>
            ${commit.suites.map(
              (suite) =>
                html`<tr>
                  <td>suite</td>
                  <td>${suite.app ?? suite.id}</td>
                  <td>${suite.status ?? "—"}</td>
                  <td>${suite.conclusion ?? "—"}</td>
                  <td>${when(suite.updatedAt, timeZone)}</td>
                  <td><code>${suite.deliveryId ?? "—"}</code></td>
                </tr>`,
            )}
            ${commit.runs.map(
              (run) =>
                html`<tr>
                  <td>run</td>
                  <td>
                    ${run.htmlUrl ? html`<a href="${run.htmlUrl}">${run.name}</a>` : run.name}
                  </td>
                  <td>${run.status}</td>
                  <td>${run.conclusion ?? "—"}</td>
                  <td>${when(run.completedAt, timeZone)}</td>
                  <td><code>${run.deliveryId ?? "—"}</code></td>
                </tr>`,
            )}
            ${commit.statuses.map(
              (status) =>
                html`<tr>
                  <td>status</td>
                  <td>
                    ${status.targetUrl ? html`<a href="${status.targetUrl}">${status.context}</a>` : status.context}
                  </td>
                  <td>—</td>
                  <td>${status.state}</td>
                  <td>${when(status.updatedAt, timeZone)}</td>
                  <td><code>${status.deliveryId ?? "—"}</code></td>
                </tr>`,
            )}
          </tbody>
        </table>`,
  )}`;
}

function history(view: PullRequestView, timeZone: string): SafeHtml {
  return html`<table id="history">
    <thead>
      <tr>
        <th>GitHub time</th>
        <th>Trigger</th>
        <th>State</th>
        <th>Delivery id</th>
        <th>Delivery</th>
      </tr>
    </thead>
    <tbody>
      ${view.story.history.map(
        (row) =>
          html`<tr>
            <td>${formatTime(row.at, timeZone)}</td>
            <td>${row.trigger.toLowerCase()}</td>
            <td>
              ${row.from && row.to && row.from !== row.to ? `${row.from} → ${row.to}` : (row.to ?? "—")}
            </td>
            <td><code>${row.deliveryId}</code></td>
            <td>
              ${row.deliveryStatus ?? "—"}${row.deliveryError ? html`<br /><span class="note">${row.deliveryError}</span>` : ""}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** A pull request's page: its failures first, then what was sent, its state, checks and history. */
export function pullRequestBody(view: PullRequestView, timeZone: string): SafeHtml {
  const pr = view.story.pullRequest;
  const fields: Array<[string, unknown]> = [
    ["State", `${pr.state.toLowerCase()}${pr.draft ? " (draft)" : ""}`],
    ["Checks", pr.checksState.toLowerCase()],
    ["Title", pr.title],
    ["Author", pr.author ?? "—"],
    ["Head", `${pr.headRef} @ ${pr.headSha}`],
    ["Base", pr.baseRef],
    ["Updated on GitHub", when(pr.githubUpdatedAt, timeZone)],
    ["Merged", when(pr.mergedAt, timeZone)],
    ["Closed", when(pr.closedAt, timeZone)],
    ["State from delivery", pr.stateDeliveryId ?? "—"],
  ];
  return html`<p>
      ${pr.htmlUrl ? html`<a href="${pr.htmlUrl}">On GitHub</a> · ` : ""}<a
        href="/api${new SafeHtml(pageUrlOf(view))}"
        >as JSON</a
      >
    </p>
    <section>
      <h2>Failed notifications</h2>
      ${failures(view, timeZone)}
    </section>
    <section>
      <h2>Notifications sent, per channel</h2>
      ${sent(view, timeZone)}
    </section>
    <section>
      <h2>Stored state</h2>
      <table id="state">
        <tbody>
          ${fields.map(
            ([label, value]) =>
              html`<tr>
                <th>${label}</th>
                <td>${value}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Checks</h2>
      ${checks(view, timeZone)}
    </section>
    <section>
      <h2>History</h2>
      ${history(view, timeZone)}
    </section>`;
}

function pageUrlOf(view: PullRequestView): string {
  const { owner, repo, number } = view.ref;
  return `/pull-requests/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/${number}`;
}
