import type { ErrorRequestHandler } from "express";
import type { Logger } from "@hookline/observability";
import { AppError } from "./app-error";

// body-parser reports its failures with `type`; map them onto our codes.
function fromBodyParser(error: { type?: string; status?: number }): AppError | undefined {
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

/** The one place that turns errors into HTTP answers: `{ error: { code, message } }`. */
export function errorResponder(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof AppError ? error : fromBodyParser(error);
    const answer = known ?? new AppError("INTERNAL", "internal error");
    if (!known) logger.error("unhandled error", { error, path: req.path, source_ip: req.ip });
    if (res.headersSent) return;
    res
      .status(answer.status)
      .set(answer.headers)
      .json({ error: { code: answer.code, message: answer.message } });
  };
}
