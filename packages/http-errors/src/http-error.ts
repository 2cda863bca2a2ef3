/**
 * An error that knows its HTTP answer. Every HTTP app (ingest, dashboard)
 * answers with the same envelope: `{"error":{"code","message"}}`, status
 * `status`, plus `headers` (e.g. `Retry-After`). `code` is an upper-case
 * machine name (`MALFORMED_BODY`); `message` names the rule for people.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The JSON body of an error answer. */
export function errorEnvelope(error: HttpError): { error: { code: string; message: string } } {
  return { error: { code: error.code, message: error.message } };
}
