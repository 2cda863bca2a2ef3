import { ALL_QUEUE_NAMES, DEFAULT_JOB_OPTIONS, type QueueName } from "@hookline/queue";
import type { DeadLetter } from "./dead-letter";
import { formatTime, zonedText } from "../http/clock";
import { html, SafeHtml } from "../http/html";
import { BOARD_BASE } from "../http/navigation";
import { describeAttempts } from "./attempts";
import type { ReplayFields } from "../replay/replay-request";

export const FILTER_FIELDS = ["job", "repo", "pr", "channel", "event", "since", "until"] as const;

export type Filters = Partial<Record<(typeof FILTER_FIELDS)[number] | "queue", string>>;

function hidden(filters: Filters): SafeHtml {
  return html`${(["queue", ...FILTER_FIELDS] as const).map((key) =>
    filters[key] ? html`<input type="hidden" name="${key}" value="${filters[key]}" />` : "",
  )}`;
}

function retention(queue: QueueName): string {
  const age = (DEFAULT_JOB_OPTIONS[queue].removeOnFail as { age?: number } | undefined)?.age;
  return age === undefined ? "until replayed or cleaned" : `${Math.round(age / 86_400)} days`;
}

function filterForm(filters: Filters, timeZone: string): SafeHtml {
  const example = formatTime(Date.UTC(2026, 10, 29, 3, 0, 0), timeZone);
  const input = (name: keyof Filters, label: string, placeholder: string) =>
    html`<label
      >${label}<input name="${name}" value="${filters[name] ?? ""}" placeholder="${placeholder}"
    /></label>`;
  return html`<form class="filters" method="get" action="/dead-letters">
    <label
      >Queue<select name="queue">
        ${ALL_QUEUE_NAMES.map(
          (name) =>
            html`<option
              value="${name}"
              ${new SafeHtml((filters.queue ?? "deliveries") === name ? " selected" : "")}
            >
              ${name}
            </option>`,
        )}
      </select></label
    >
    ${input("repo", "Repository", "acme/web")}${input("pr", "Pull request", "603")}
    ${input("channel", "Channel", "alerting")}${input("event", "Event type", "pr.created or pr.*")}
    ${input("since", `Failed since (${timeZone} unless a zone is given)`, example)}${input("until", "Until", example)}
    ${input("job", "Job id", "")}
    <button type="submit">Filter</button><a href="/dead-letters">clear</a>
  </form>`;
}

function row(letter: DeadLetter, timeZone: string): SafeHtml {
  const subject = letter.repository
    ? `${letter.repository}${letter.pr !== undefined ? `#${letter.pr}` : ""}`
    : "—";
  return html`<tr data-job-id="${letter.id}">
    <td>${formatTime(letter.failedAt, timeZone)}</td>
    <td>${letter.channel ?? "—"}</td>
    <td>${letter.eventTypes.join(", ")}</td>
    <td>${subject}</td>
    <td class="reason">
      ${letter.permanent ? html`<span class="permanent">permanent</span> ` : ""}${zonedText(letter.reason, timeZone)}
      ${letter.replayRefusal ? html`<br /><span class="note">Not replayed: ${letter.replayRefusal}</span>` : ""}
    </td>
    <td>${describeAttempts(letter.attemptsMade, letter.attempts, letter.permanent)}</td>
    <td>${letter.replays || ""}</td>
    <td>
      <a href="${BOARD_BASE}/queue/${letter.queue}/${encodeURIComponent(letter.id)}"
        >${letter.id}</a
      >
    </td>
  </tr>`;
}

export interface DeadLetterListing {
  filters: Filters;
  letters: DeadLetter[];
  /** How many match in all (the list may be cut). */
  total: number;
  canReplay: boolean;
  timeZone: string;
  error?: string;
  /** Jobs of the queue waiting for a later time (retries, open circuits): not dead letters yet. */
  delayed?: number;
}

/** The dead-letter view: filters, the matching failed jobs, and the replay button for the filtered set. */
export function deadLetterList(listing: DeadLetterListing): SafeHtml {
  const { filters, letters, total, timeZone } = listing;
  // An unknown ?queue= is reported in `error` (400); the page then speaks of the default queue.
  const queue = (ALL_QUEUE_NAMES as readonly string[]).includes(filters.queue ?? "")
    ? (filters.queue as QueueName)
    : "deliveries";
  // A filter that cannot be read selects nothing: no count, nothing to replay.
  if (listing.error)
    return html`${filterForm(filters, timeZone)}
      <p class="error" role="alert" id="filter-error">${listing.error}</p>`;
  const replayForm = !listing.canReplay
    ? html`<p class="note">Your role may look, not replay.</p>`
    : total === 0
      ? ""
      : html`<form method="post" action="/dead-letters/replay">
          ${hidden(filters)}
          <input type="hidden" name="step" value="dry-run" />
          <button type="submit" class="danger">Replay the ${total} filtered dead letters…</button>
          <span class="note">A dry run counts them first; nothing is sent until you confirm.</span>
        </form>`;
  return html`${filterForm(filters, timeZone)}
    <p>
      <strong id="total">${total}</strong> dead letters in ${queue}
      match${letters.length < total ? ` (showing the newest ${letters.length})` : ""}. Failed jobs
      are kept ${retention(queue)}.
    </p>
    ${
      listing.delayed
        ? html`<p class="note" id="delayed">
            ${listing.delayed} more jobs in ${queue} wait for a later try (retries, or a channel
            whose circuit is open): not dead letters yet. See the <a href="/">Overview</a> for each
            channel's circuit.
          </p>`
        : ""
    }
    ${replayForm}
    <table id="dead-letters">
      <thead>
        <tr>
          <th>Failed at</th>
          <th>Channel</th>
          <th>Event</th>
          <th>Repository#PR</th>
          <th>Status and answer</th>
          <th>Attempt</th>
          <th>Replays</th>
          <th>Job</th>
        </tr>
      </thead>
      <tbody>
        ${letters.map((letter) => row(letter, timeZone))}
      </tbody>
    </table>`;
}

/**
 * The confirmation after a dry run: the count, and one button that replays
 * exactly the jobs counted (their ids travel in the form as JSON).
 */
export function replayConfirmation(filters: Filters, jobIds: readonly string[]): SafeHtml {
  const matched = jobIds.length;
  const described = Object.entries(filters)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
  return html`<div class="confirm" role="dialog">
    <p>
      Dry run: <strong id="matched">${matched}</strong> dead letters match
      (${described || "no filter: all of them"}).
    </p>
    <p>
      Replaying sends each again with fresh attempts and the same webhook-id. This is recorded in
      the audit log.
    </p>
    <form method="post" action="/dead-letters/replay">
      ${hidden(filters)} <input type="hidden" name="step" value="confirm" /><input
        type="hidden"
        name="job_ids"
        value="${JSON.stringify(jobIds)}"
      />
      <button
        type="submit"
        class="danger"
        id="confirm-replay"
        ${matched === 0 ? new SafeHtml("disabled") : ""}
      >
        Replay ${matched} dead letters
      </button>
      <a href="/dead-letters">cancel</a>
    </form>
  </div>`;
}

/** Filters from the query or the form as replay fields: no filter at all means every dead letter. */
export function replayFieldsOf(filters: Filters, dryRun: boolean): ReplayFields {
  const selecting = FILTER_FIELDS.some((key) => filters[key]);
  return { ...filters, all: !selecting, dry_run: dryRun };
}
