import type { ErrorRequestHandler } from "express";
import { fromBodyParser, HttpError } from "@hookline/http-errors";
import type { Logger } from "@hookline/observability";

// Bull Board's error body (ErrorResponseBody in @bull-board/api): a headline
// translation key it knows, and the detail it shows under it in its toast.
const KEYS: Record<number, string> = {
  400: "ERRORS.INVALID_REQUEST_BODY",
  403: "ERRORS.FORBIDDEN",
  404: "ERRORS.JOB_NOT_FOUND",
  409: "ERRORS.JOB_NOT_RETRIABLE",
};

/**
 * Errors on Bull Board's API answered in the shape Bull Board displays:
 * `{"error":{"key":"ERRORS.FORBIDDEN"},"message":"clean needs an admin","code":"FORBIDDEN"}`,
 * so its toast says why instead of staying empty.
 */
export function boardErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = error instanceof HttpError ? error : fromBodyParser(error);
    if (!known) logger.error("unhandled error", { error, path: req.path });
    const status = known?.status ?? 500;
    res.status(status).json({
      error: { key: KEYS[status] ?? "ERRORS.INTERNAL_SERVER_ERROR" },
      message: known?.message ?? "internal error",
      code: known?.code ?? "INTERNAL",
    });
  };
}
