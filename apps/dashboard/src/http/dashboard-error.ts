import type { ErrorRequestHandler, Response } from "express";
import type { Logger } from "@hookline/observability";

/**
 * The dashboard's API errors, one type that knows its HTTP answer:
 * `{"error":{"code","message"}}`. Every error body of the dashboard is built
 * here, so a shared error type can replace this file alone.
 */
export class DashboardError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "DashboardError";
  }
}

export function sendError(res: Response, error: DashboardError): void {
  res
    .status(error.status)
    .set(error.headers)
    .json({ error: { code: error.code, message: error.message } });
}

/** Express's last handler: known errors answer as themselves, anything else as a logged 500. */
export function dashboardErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known =
      error instanceof DashboardError
        ? error
        : (error as { type?: string }).type === "entity.parse.failed"
          ? new DashboardError(400, "MALFORMED_BODY", "request body is not valid JSON")
          : undefined;
    if (!known) logger.error("unhandled error", { error, path: req.path });
    if (res.headersSent) return;
    sendError(res, known ?? new DashboardError(500, "INTERNAL", "internal error"));
  };
}
