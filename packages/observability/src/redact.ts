// Keys whose values must never reach a log line, whatever the call site passed.
const SENSITIVE_KEY = /secret|signature|token|password|authorization|cookie|api[-_]?key/i;
const REDACTED = "[redacted]";
const MAX_DEPTH = 6;

/** The value to log under `key`: redacted when the key names a secret, else walked recursively. */
export function redactEntry(key: string, value: unknown, depth = 0): unknown {
  if (SENSITIVE_KEY.test(key)) return REDACTED;
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      code: (value as NodeJS.ErrnoException).code,
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactEntry("", item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [name, redactEntry(name, item, depth + 1)]),
  );
}
