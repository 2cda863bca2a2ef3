import { ALL_QUEUE_NAMES, QUEUE_NAMES, type QueueName } from "@hookline/queue";
import type { ReplaySelector } from "../dead-letters/replay-selector";
import { formatTime, parseShownTime } from "../http/clock";

/** What to replay, from the API, the dead-letter form or the command line. */
export interface ReplayRequest {
  queue: QueueName;
  selector: ReplaySelector;
  dryRun: boolean;
}

/** A replay request that cannot be understood; the message names the field and says what it expects. */
export class ReplayRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReplayRequestError";
  }
}

/** Field values as the three front doors give them: strings, booleans, numbers, or nothing. */
export type ReplayFields = Partial<
  Record<
    "queue" | "job" | "repo" | "pr" | "channel" | "event" | "since" | "until" | "all" | "dry_run",
    string | number | boolean | undefined
  >
>;

function text(fields: ReplayFields, key: keyof ReplayFields): string | undefined {
  const value = fields[key];
  if (value === undefined || value === "" || value === false) return undefined;
  return String(value).trim() || undefined;
}

// Times read as the pages show them (see parseShownTime): a time without a
// zone is in the configured zone, which every page and the command name.
function time(fields: ReplayFields, key: "since" | "until", timeZone: string): Date | undefined {
  const value = text(fields, key);
  if (value === undefined) return undefined;
  const parsed = parseShownTime(value, timeZone);
  if (!parsed) {
    const example = formatTime(Date.UTC(2026, 10, 29, 3, 0, 0), timeZone);
    throw new ReplayRequestError(
      `${key}: "${value}" is not a time; write it as the pages show it, such as ${example} (${timeZone} when no zone is given), or 2026-11-29T03:00:00Z`,
    );
  }
  return parsed;
}

function flagOf(fields: ReplayFields, key: "all" | "dry_run"): boolean {
  const value = fields[key];
  return value === true || value === "true" || value === "1" || value === "on";
}

/**
 * Parses and checks a replay request. At least one selector, or `all`, is
 * required so an empty request never replays the whole dead-letter queue by
 * accident; `all` with a selector is contradictory and refused.
 */
export function parseReplayRequest(fields: ReplayFields, timeZone = "UTC"): ReplayRequest {
  const queue = text(fields, "queue") ?? QUEUE_NAMES.deliveries;
  if (!(ALL_QUEUE_NAMES as readonly string[]).includes(queue))
    throw new ReplayRequestError(`queue: expected one of ${ALL_QUEUE_NAMES.join(", ")}`);
  const selector: ReplaySelector = {};
  const job = text(fields, "job");
  if (job !== undefined) selector.jobId = job;
  const repo = text(fields, "repo");
  if (repo !== undefined) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
      throw new ReplayRequestError("repo: expected owner/name, such as acme/web");
    selector.repository = repo;
  }
  const pr = text(fields, "pr");
  if (pr !== undefined) {
    const number = Number(pr.replace(/^#/, ""));
    if (!Number.isInteger(number) || number < 1)
      throw new ReplayRequestError("pr: expected a pull request number, such as 603");
    selector.pr = number;
  }
  const channel = text(fields, "channel");
  if (channel !== undefined) selector.channel = channel;
  const event = text(fields, "event");
  if (event !== undefined) selector.event = event;
  const since = time(fields, "since", timeZone);
  if (since) selector.since = since;
  const until = time(fields, "until", timeZone);
  if (until) selector.until = until;
  const all = flagOf(fields, "all");
  const selecting = Object.keys(selector).length > 0;
  if (all && selecting)
    throw new ReplayRequestError("all: replays every dead letter; leave it out when selecting");
  if (!all && !selecting)
    throw new ReplayRequestError(
      "nothing selected: give job, repo, pr, channel, event, since or until, or all to replay every dead letter",
    );
  return { queue: queue as QueueName, selector, dryRun: flagOf(fields, "dry_run") };
}

/** The selector as stored in the audit log and echoed in answers (times as ISO text). */
export function describeSelector(selector: ReplaySelector): Record<string, unknown> {
  const { jobId, repository, since, until, ...rest } = selector;
  return {
    ...(jobId !== undefined ? { job: jobId } : {}),
    ...(repository !== undefined ? { repo: repository } : {}),
    ...rest,
    ...(since ? { since: since.toISOString() } : {}),
    ...(until ? { until: until.toISOString() } : {}),
  };
}
