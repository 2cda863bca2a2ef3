import type { ErrorRequestHandler } from "express";
import { fromBodyParser, HttpError, sendError } from "@hookline/http-errors";
import type { Logger } from "@hookline/observability";

/**
 * Express's last handler for the dashboard: HttpErrors and body-parser
 * failures answer as themselves (`{"error":{"code","message"}}`, as every
 * hookline HTTP app answers), anything else as a logged 500.
 */
export function dashboardErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = error instanceof HttpError ? error : fromBodyParser(error);
    if (!known) logger.error("unhandled error", { error, path: req.path });
    sendError(res, known ?? new HttpError(500, "INTERNAL", "internal error"));
  };
}
