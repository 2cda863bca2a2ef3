import { HttpError } from "@hookline/http-errors";
import type { Logger } from "@hookline/observability";
import { rateLimited } from "../errors/rate-limited";
import type { RateLimiter } from "./rate-limiter";

/** Answers that count against a client address: it sent something that could not be a valid delivery. */
const COUNTED_STATUSES = new Set([400, 401, 404, 415]);

/**
 * Rate limit for unauthenticated floods. Only refused requests (malformed,
 * failed verification, unknown source, wrong content type) are counted, per
 * client address and source, in Redis so every replica shares the count.
 * `error` is the answer about to be sent (an HttpError: the ingest's
 * AppError, or a body-parser failure already turned into one).
 * Returns the error to answer with: the refusal itself, or 429 with
 * Retry-After once that address is over its limit. A valid delivery never
 * reaches this, so it is never refused for rate. When Redis cannot count,
 * the refusal is answered as it is: it was wrong either way.
 */
export function createRefusalLimit(limiter: RateLimiter, logger: Logger) {
  return async (error: unknown, bucket: string, limit: number): Promise<unknown> => {
    if (!(error instanceof HttpError) || !COUNTED_STATUSES.has(error.status) || limit <= 0)
      return error;
    try {
      const verdict = await limiter(bucket, limit);
      if (verdict.allowed) return error;
      return rateLimited(
        `more than ${limit} refused requests per minute from this address`,
        verdict.retryAfterSeconds,
      );
    } catch (limiterError) {
      logger.warn("could not count a refused request", { bucket, error: limiterError });
      return error;
    }
  };
}

export type RefusalLimit = ReturnType<typeof createRefusalLimit>;
