import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "@hookline/observability";
import { sendJson } from "../http/send-json";
import { AppError } from "./app-error";

// body-parser reports its failures with `type`; map them onto our codes.
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
  if (error.type === "request.aborted")
    return new AppError("CLIENT_ABORTED", "the client closed the connection mid-request");
  if (error.type === "entity.too.large")
    return new AppError("PAYLOAD_TOO_LARGE", "request body is too large");
  if (error.type === "entity.parse.failed")
    return new AppError("MALFORMED_BODY", "request body is not valid JSON");
  if (
    error.status === 415 ||
    error.type === "charset.unsupported" ||
    error.type === "encoding.unsupported"
  ) {
    return new AppError("UNSUPPORTED_MEDIA_TYPE", "unsupported content encoding");
  }
  return undefined;
}

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
  const known =
    error instanceof AppError
      ? error
      : fromBodyParser((error ?? {}) as { type?: string; status?: number });
  const answer = known ?? new AppError("INTERNAL", "internal error");
  if (!known)
    logger.error("unhandled error", { error, path: context.path, source_ip: context.sourceIp });
  if (answer.code === "CLIENT_ABORTED") {
    // Nobody is left to read an answer; the webhook route logged it already.
    if (!context.path.startsWith("/webhooks/"))
      logger.warn("request aborted by client", { path: context.path, source_ip: context.sourceIp });
    return;
  }
  if (res.headersSent) return;
  sendJson(
    res,
    answer.status,
    { error: { code: answer.code, message: answer.message } },
    answer.headers,
  );
}

export function errorResponder(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) =>
    respondWithError(logger, error, res, { path: req.path, sourceIp: req.ip });
}
