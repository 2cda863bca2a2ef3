import { HttpError } from "@hookline/http-errors";

/** Error codes the ingest answers with, and the HTTP status each maps to. */
export const ERROR_STATUS = {
  MISSING_HEADER: 400,
  MALFORMED_BODY: 400,
  INVALID_DELIVERY_ID: 400,
  UNAUTHORIZED: 401,
  INVALID_SIGNATURE: 401,
  UNKNOWN_SOURCE: 404,
  NOT_FOUND: 404,
  /** The server's request timeout cut the upload off; Node already answered 408 on the socket. */
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  /** The client closed the connection before its request was read; nobody receives this answer. */
  CLIENT_ABORTED: 499,
  QUEUE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The ingest's HttpError: its codes are a closed set, each with its status. */
export class AppError extends HttpError {
  declare readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(ERROR_STATUS[code], code, message, headers);
    this.name = "AppError";
  }
}
