import { createHash } from "node:crypto";

/** What replaces each character PostgreSQL refuses. */
export const REPLACEMENT = "\uFFFD";

/**
 * Text PostgreSQL stores as given: U+0000 (NUL; `text` cannot hold it and
 * `jsonb` refuses `\u0000`, error 22P05) and unpaired UTF-16 surrogates
 * (U+D800–U+DFFF alone are not Unicode characters; `jsonb` refuses their
 * escapes) each become U+FFFD. Everything else — emoji, right-to-left marks,
 * any length — passes unchanged.
 */
export function storableText(text: string): string {
  return REFUSED.test(text) ? text.replace(REFUSED_ALL, REPLACEMENT) : text;
}

// NUL, a high surrogate not followed by a low one, a low one not preceded by a high one.
const REFUSED_SOURCE =
  "\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const REFUSED = new RegExp(REFUSED_SOURCE);
const REFUSED_ALL = new RegExp(REFUSED_SOURCE, "g");

/** Longest key (SHA, status context) stored as given; btree index entries hold ~2700 bytes. */
export const MAX_KEY_LENGTH = 256;
const KEPT_PREFIX = 180;

/**
 * A text that is part of an index (a commit SHA, a status context): as
 * storableText, and when longer than MAX_KEY_LENGTH its first 180 characters,
 * "…" and the SHA-256 (hex) of the whole, so it stays unique, deterministic
 * and within PostgreSQL's index entry size.
 */
export function storableKey(text: string): string {
  const clean = storableText(text);
  if (clean.length <= MAX_KEY_LENGTH) return clean;
  const digest = createHash("sha256").update(clean).digest("hex");
  return `${storableText(clean.slice(0, KEPT_PREFIX))}…${digest}`;
}

/** Every string in a JSON value made storable (objects and arrays copied only where something changed). */
export function storableJson<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => storableJson(item));
    return (items.some((item, index) => item !== value[index]) ? items : value) as T;
  }
  if (value && typeof value === "object") {
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(value)) {
      const clean = storableJson(item);
      if (clean !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = clean;
    }
    return (copy ?? value) as T;
  }
  return value;
}
