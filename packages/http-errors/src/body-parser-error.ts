import { HttpError } from "./http-error";

/**
 * The answer for a failure that Express's body parsers report (they mark
 * their errors with `type`), or undefined for any other error. Codes:
 * CLIENT_ABORTED 499 (nobody reads it), PAYLOAD_TOO_LARGE 413,
 * MALFORMED_BODY 400, UNSUPPORTED_MEDIA_TYPE 415.
 */
export function fromBodyParser(error: unknown): HttpError | undefined {
  const { type, status } = (error ?? {}) as { type?: string; status?: number };
  if (type === "request.aborted")
    return new HttpError(499, "CLIENT_ABORTED", "the client closed the connection mid-request");
  if (type === "entity.too.large")
    return new HttpError(413, "PAYLOAD_TOO_LARGE", "request body is too large");
  if (type === "entity.parse.failed")
    return new HttpError(400, "MALFORMED_BODY", "request body is not valid JSON");
  if (status === 415 || type === "charset.unsupported" || type === "encoding.unsupported")
    return new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "unsupported content encoding");
  return undefined;
}
