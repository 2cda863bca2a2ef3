import type { ServerResponse } from "node:http";
import { errorEnvelope, type HttpError } from "./http-error";
import { sendJson } from "./send-json";

/** Answers with `error`'s status, headers and envelope; nothing if an answer has started. */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) return;
  sendJson(res, error.status, errorEnvelope(error), error.headers);
}
