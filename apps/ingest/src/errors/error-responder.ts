import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "@hookline/observability";
import { fromBodyParser, HttpError, sendError } from "@hookline/http-errors";
import { AppError } from "./app-error";

/**
 * The one place that turns errors into HTTP answers: `{ error: { code, message } }`.
 * Used by the Express app and by the webhook route that runs before it.
 */
export function respondWithError(
  logger: Logger,
  error: unknown,
  res: ServerResponse,
  context: { path: string; sourceIp: string | undefined },
): void {
  const known = error instanceof HttpError ? error : fromBodyParser(error);
  const answer = known ?? new AppError("INTERNAL", "internal error");
  if (!known)
    logger.error("unhandled error", { error, path: context.path, source_ip: context.sourceIp });
  if (answer.code === "CLIENT_ABORTED" || answer.code === "REQUEST_TIMEOUT") {
    // Nobody is left to read an answer (Node wrote its own 408 for a timeout);
    // the webhook route logged it already.
    if (!context.path.startsWith("/webhooks/"))
      logger.warn(
        answer.code === "REQUEST_TIMEOUT" ? "request timed out" : "request aborted by client",
        { path: context.path, source_ip: context.sourceIp },
      );
    return;
  }
  sendError(res, answer);
}

export function errorResponder(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) =>
    respondWithError(logger, error, res, { path: req.path, sourceIp: req.ip });
}
