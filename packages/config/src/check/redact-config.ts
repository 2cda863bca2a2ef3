// Keys whose values are secrets in every section: signing secrets, tokens,
// password hashes, private keys, and request headers that carry credentials.
const SECRET_KEY = /secret|token|password|private_key|authorization|cookie|api[-_]?key/i;
export const REDACTED = "[redacted]";

/** A URL with its password (redis://:pw@host, postgresql://user:pw@host) replaced. */
function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (!url.password) return text;
    url.password = "redacted";
    return url.toString();
  } catch {
    return text;
  }
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
