// Keys whose values are secrets in every section: signing secrets, tokens,
// password hashes, private keys, and request headers that carry credentials.
const SECRET_KEY = /secret|token|password|private_key|authorization|cookie|api[-_]?key/i;
export const REDACTED = "[redacted]";

// A path segment that reads as a token: receivers put their secret in the
// URL itself (Slack's /services/T…/B…/<24 characters>, Discord's
// /api/webhooks/<id>/<68 characters>).
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{20,}$/;

/**
 * A URL with what may be a credential replaced: its password
 * (redis://:pw@host, postgresql://user:pw@host), every query value
 * (?token=…, ?code=…) and path segments that read as tokens. Scheme, host,
 * port, the other path segments and the query's names stay, so the output
 * still says where it points.
 */
function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.host) return text;
  let changed = false;
  if (url.password) {
    url.password = "redacted";
    changed = true;
  }
  if (url.search) {
    url.search = [...url.searchParams.keys()].map((name) => `${name}=redacted`).join("&");
    changed = true;
  }
  const segments = url.pathname.split("/");
  if (segments.some((segment) => TOKEN_SEGMENT.test(segment))) {
    url.pathname = segments
      .map((segment) => (TOKEN_SEGMENT.test(segment) ? "redacted" : segment))
      .join("/");
    changed = true;
  }
  return changed ? url.toString() : text;
}

/**
 * The effective configuration with every secret replaced by "[redacted]" and
 * passwords in URLs hidden, so `npm run config -- check` can be pasted into
 * an issue. Walks plain data; returns a new value.
 */
export function redactConfig(value: unknown, key = ""): unknown {
  if (SECRET_KEY.test(key)) {
    if (Array.isArray(value)) return value.map(() => REDACTED);
    return value === undefined ? value : REDACTED;
  }
  if (typeof value === "string") return redactUrl(value);
  if (Array.isArray(value)) return value.map((item) => redactConfig(item, key));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, redactConfig(item, name)]),
    );
  }
  return value;
}
