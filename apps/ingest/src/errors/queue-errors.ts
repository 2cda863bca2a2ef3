import { isRedisUnavailable } from "@hookline/queue";
import { AppError } from "./app-error";

/** How long a sender should wait before retrying when Redis is unavailable. */
const RETRY_AFTER_SECONDS = "5";

/** The one 503 the ingest answers: Redis cannot take the job now; retrying later can succeed. */
export function queueUnavailable(): AppError {
  return new AppError("QUEUE_UNAVAILABLE", "the queue is unavailable; retry later", {
    "Retry-After": RETRY_AFTER_SECONDS,
  });
}

/**
 * For a failed Redis or BullMQ call on the way to `queue.add`: a 503 when
 * Redis is unavailable; anything else is rethrown as it is, to be answered
 * 500 and logged at error level (a bug or a permanent problem that a retry
 * would only repeat).
 */
export function rethrowQueueError(error: unknown): never {
  if (isRedisUnavailable(error)) throw queueUnavailable();
  throw error;
}
