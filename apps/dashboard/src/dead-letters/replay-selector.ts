import { toJobId } from "@hookline/queue";
import type { DeadLetter } from "./dead-letter";

/**
 * Which dead letters to find or replay. Every given field must match; none
 * given means the whole failed set. Shared by the dashboard's view, POST
 * /api/replay and `npm run replay`, so the three select the same jobs.
 */
export interface ReplaySelector {
  /** A job id, or the caller's id it was made from (delivery or notification id; see toJobId). */
  jobId?: string;
  /** "acme/web", compared without regard to case as GitHub does. */
  repository?: string;
  pr?: number;
  channel?: string;
  /** An event type of the job ("pr.created", "pull_request.closed"), or its prefix ending in "." or "*". */
  event?: string;
  /** Failed at or after (inclusive), and before (exclusive). */
  since?: Date;
  until?: Date;
}

function eventMatches(pattern: string, types: readonly string[]): boolean {
  const prefix = pattern.endsWith("*") ? pattern.slice(0, -1) : undefined;
  return types.some((type) => (prefix !== undefined ? type.startsWith(prefix) : type === pattern));
}

export function matchesSelector(letter: DeadLetter, selector: ReplaySelector): boolean {
  if (selector.jobId !== undefined && letter.id !== toJobId(selector.jobId)) return false;
  if (
    selector.repository !== undefined &&
    letter.repository?.toLowerCase() !== selector.repository.toLowerCase()
  )
    return false;
  if (selector.pr !== undefined && letter.pr !== selector.pr) return false;
  if (selector.channel !== undefined && letter.channel !== selector.channel) return false;
  if (selector.event !== undefined && !eventMatches(selector.event, letter.eventTypes))
    return false;
  if (selector.since !== undefined && letter.failedAt < selector.since.getTime()) return false;
  if (selector.until !== undefined && letter.failedAt >= selector.until.getTime()) return false;
  return true;
}
