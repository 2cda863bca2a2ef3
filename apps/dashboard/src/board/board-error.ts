import type { ErrorRequestHandler } from "express";
import { fromBodyParser, HttpError } from "@hookline/http-errors";
import type { Logger } from "@hookline/observability";

// Bull Board's error body (ErrorResponseBody in @bull-board/api): a headline
// translation key it knows (without placeholders to fill), and the detail it
// shows under it in its toast: hookline's reason.
const KEYS: Record<string, string> = {
  JOB_NOT_FOUND: "ERRORS.JOB_NOT_FOUND",
  QUEUE_NOT_FOUND: "ERRORS.QUEUE_NOT_FOUND",
};

function keyOf(status: number, code: string | undefined): string {
  if (status >= 500) return "ERRORS.INTERNAL_SERVER_ERROR";
  return KEYS[code ?? ""] ?? "ERRORS.FORBIDDEN";
}

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
      error: { key: keyOf(status, known?.code) },
      message: known?.message ?? "internal error",
      code: known?.code ?? "INTERNAL",
    });
  };
}
