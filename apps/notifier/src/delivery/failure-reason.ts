const EXCERPT_CHARS = 200;

/** The start of a receiver's answer on one line, at most 200 characters (plus "…"). */
export function answerExcerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}

export interface FailureFacts {
  /** The receiver's status, or null when no answer came (timeout, refused…). */
  statusCode: number | null;
  /** What went wrong when there was no answer, e.g. "ECONNREFUSED: connect …". */
  message: string;
  url: string;
  answer: string;
  attempt: number;
  attempts: number;
  at: Date;
  permanent: boolean;
}

/**
 * "2026-11-29 07:20:05 UTC": the time in every failed reason, always in UTC
 * and saying so (the dashboard's clock finds and re-zones exactly this form).
 */
export function reasonTime(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * One line for the job's failed reason, the dashboard and the logs:
 * `HTTP 422 from hooks.example.com: {"error":"unknown event"} · attempt 3 of 8 · 2026-11-29 07:20:05 UTC · permanent, not retried`.
 * No stack trace: what on-call needs is the receiver's answer.
 */
export function failureReason(facts: FailureFacts): string {
  const host = new URL(facts.url).host;
  const what =
    facts.statusCode === null
      ? `${answerExcerpt(facts.message)} (${host})`
      : `HTTP ${facts.statusCode} from ${host}`;
  const excerpt = answerExcerpt(facts.answer);
  return [
    excerpt ? `${what}: ${excerpt}` : what,
    `attempt ${facts.attempt} of ${facts.attempts}`,
    reasonTime(facts.at),
    ...(facts.permanent ? ["permanent, not retried"] : []),
  ].join(" · ");
}
