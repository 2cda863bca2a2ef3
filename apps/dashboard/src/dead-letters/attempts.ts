/**
 * Attempts in one wording on every page, as the notifier's failure reasons
 * word them: "attempt 3 of 3". A permanent failure says so, as it left
 * attempts unused: "attempt 1 of 12 · permanent, not retried".
 * (Circuit waits move a delivery to delayed without using an attempt; BullMQ
 * counts them as starts, which is why no page shows the start count.)
 */
export function describeAttempts(made: number, allowed: number, permanent: boolean): string {
  const text = `attempt ${made} of ${allowed}`;
  return permanent ? `${text} · permanent, not retried` : text;
}

// The notifier's failure reason, "… · attempt 1 of 2 · 2026-12-07 00:06:38 UTC …"
// (apps/notifier/src/delivery/failure-reason.ts and the max_age expiry).
const REASON_ATTEMPT = /(?:^| · )attempt (\d+) of (\d+)(?= · |$)/;

/**
 * Where a failed delivery stood in its channel's retry_schedule, as its
 * failure reason records it: { made, allowed } in schedule attempts. Every
 * short in-attempt retry is its own BullMQ attempt, so BullMQ's counts
 * (attemptsMade, opts.attempts) are tries, not attempts: with retries 3 a
 * delivery that used 1 of 2 attempts has "4 of 8" BullMQ attempts. Null when
 * the reason names no attempt (a delivery refused before it was tried).
 */
export function scheduleAttemptsOf(reason: string): { made: number; allowed: number } | null {
  const match = REASON_ATTEMPT.exec(reason);
  return match ? { made: Number(match[1]), allowed: Number(match[2]) } : null;
}
