// PostgreSQL errors that the same statement will raise again on every retry:
// data exceptions (class 22: a value the column cannot hold, a character it
// refuses), NOT NULL and CHECK violations, program limits (class 54: an index
// entry too large). Prisma's driver adapter reports them either with the
// SQLSTATE or with a kind of its own, depending on the error.
const PERMANENT_SQLSTATE = /^(22[0-9A-Z]{3}|23502|23514|54[0-9A-Z]{3})$/;
const PERMANENT_KINDS = new Set([
  "LengthMismatch",
  "ValueOutOfRange",
  "InvalidInputValue",
  "NullConstraintViolation",
]);

function codes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== "object" || depth > 4) return [];
  const record = error as Record<string, unknown>;
  const own = [record.code, record.originalCode, record.kind].filter(
    (value): value is string => typeof value === "string",
  );
  const message = typeof record.message === "string" ? record.message : "";
  const fromMessage = [...message.matchAll(/\bCode: `?([0-9A-Z]{5})`?/g)].map((match) => match[1]!);
  const nested = [record.cause, record.meta, record.driverAdapterError].flatMap((inner) =>
    codes(inner, depth + 1),
  );
  return [...own, ...fromMessage, ...nested];
}

/**
 * True when a database error can never succeed on retry, so the job should
 * fail at once (UnrecoverableError) instead of retrying for an hour.
 */
export function isPermanentDatabaseError(error: unknown): boolean {
  return codes(error).some((code) => PERMANENT_SQLSTATE.test(code) || PERMANENT_KINDS.has(code));
}
