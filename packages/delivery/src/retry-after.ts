import type { AxiosError } from "axios";

// The answers whose Retry-After says when the receiver takes requests again
// (RFC 9110 §10.2.3; on a 3xx it means something else, and we follow no redirects).
const THROTTLING_STATUSES: ReadonlySet<number> = new Set([429, 503]);

// An HTTP-date names a month: "Sun, 06 Nov 1994 08:49:37 GMT" (and the obsolete
// RFC 850 and asctime forms). Without this check Date.parse("5") is the year 2001.
const HTTP_DATE = /[A-Za-z]{3}.*\d{2}:\d{2}:\d{2}/;

/**
 * Milliseconds a Retry-After value asks to wait from `now`: delta-seconds
 * ("120") or an HTTP-date. 0 for a date in the past; null when the value is
 * absent or not one of the two forms (the receiver named no time).
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The wait a 429 or 503 asks for (ms, see parseRetryAfter); null for any other outcome. */
export function retryAfterOf(error: AxiosError, now = Date.now()): number | null {
  const response = error.response;
  if (!response || !THROTTLING_STATUSES.has(response.status)) return null;
  return parseRetryAfter(response.headers["retry-after"], now);
}
