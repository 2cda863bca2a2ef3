import type { z } from "zod";

// Keys whose values are never repeated in a message: secrets, and URLs and
// headers, which carry credentials (redis://:password@host, Bearer tokens).
const UNSHOWN = /secret|token|password|private_key|key$|authorization|url|headers|users/i;
const LONGEST_SHOWN = 40;

const EXPECTED: Record<string, string> = {
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  string: "text",
  object: "a mapping of keys",
  array: "a list",
  record: "a mapping of keys",
};

function kindOf(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "boolean") return String(value);
  return typeof value === "number" ? "a number" : "text";
}

/** What the user wrote, quoted, when it is safe and short to repeat; else only its kind. */
export function written(path: string, value: unknown): string {
  if (UNSHOWN.test(path) || (typeof value !== "string" && typeof value !== "number")) {
    return kindOf(value);
  }
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > LONGEST_SHOWN ? kindOf(value) : text;
}

/**
 * One zod issue in the terms of the file: what was expected and what was
 * written ("expected a whole number, got \"three\""), not zod's internal
 * view of the value after conversion ("received NaN"). Custom messages from
 * the schema (a duration, a time zone) are kept as they are.
 */
export function describeIssue(issue: z.core.$ZodIssue, path: string, input: unknown): string {
  if (input === undefined && issue.code === "invalid_type") return "is required";
  switch (issue.code) {
    case "invalid_type":
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${written(path, input)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}, got ${written(path, input)}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      return issue.origin === "array" || issue.origin === "string"
        ? `needs at least ${String(issue.minimum)} ${issue.origin === "array" ? "entries" : "characters"}`
        : `must be ${issue.inclusive === false ? "more than" : "at least"} ${String(issue.minimum)}, got ${written(path, input)}`;
    case "too_big":
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}, got ${written(path, input)}`;
    case "invalid_union":
      return `not a valid value: got ${written(path, input)}`;
    default:
      return issue.message;
  }
}
