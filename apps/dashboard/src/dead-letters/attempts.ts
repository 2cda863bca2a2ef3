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
