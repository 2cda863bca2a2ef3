// Errors that mean "Redis cannot take this now; the same command may succeed
// later": the connection is down or not ready, a command timed out, the
// cluster is failing over or resharding, or Redis refuses writes (out of
// memory, read-only replica, persistence failing). Anything else from
// BullMQ or ioredis is a bug or a permanent problem, not a reason to retry.
const UNAVAILABLE_MESSAGES = [
  /connection is closed/i,
  /stream isn't writeable/i,
  /enableOfflineQueue/i,
  /reached the max retries per request/i,
  /command timed out/i,
  /cluster isn't ready/i,
  /none of startup nodes is available/i,
  /failed to refresh slots cache/i,
  /too many cluster redirections/i,
  /connection in subscriber mode/i,
];
const UNAVAILABLE_REPLIES = [
  "OOM",
  "LOADING",
  "BUSY",
  "READONLY",
  "MASTERDOWN",
  "CLUSTERDOWN",
  "TRYAGAIN",
  "MISCONF",
  "NOREPLICAS",
];
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** True when `error` (from ioredis or BullMQ) says Redis is unavailable rather than the request being wrong. */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  if (error.name === "MaxRetriesPerRequestError") return true;
  const { message } = error;
  if (UNAVAILABLE_REPLIES.some((reply) => message.startsWith(reply))) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}
