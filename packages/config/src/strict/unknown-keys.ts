import { closest, distance } from "fastest-levenshtein";
import type { Shape } from "./schema-shape";

export interface UnknownKey {
  /** Path as written, e.g. ["outgoing", "chanels"]. */
  path: (string | number)[];
  /** The known key it most likely meant, when one is close. */
  suggestion?: string;
}

/**
 * A known key close enough to be what was meant: at most a third of the
 * longer name's letters differ (one for short names), or one name contains
 * the other ("retry" for "retry_schedule" is not close; "retry_shedule" is).
 */
export function didYouMean(written: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = written.toLowerCase();
  const exactCase = known.find((key) => key.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const best = closest(lower, known as string[]);
  const limit = Math.max(1, Math.floor(Math.max(best.length, written.length) / 3));
  return distance(lower, best) <= limit ? best : undefined;
}

function objectKeys(shape: Shape): Map<string, Shape> | undefined {
  if (shape.kind === "object") return shape.keys;
  if (shape.kind !== "union") return undefined;
  const merged = new Map<string, Shape>();
  for (const option of shape.options) {
    for (const [key, child] of objectKeys(option) ?? [])
      if (!merged.has(key)) merged.set(key, child);
  }
  return merged.size > 0 ? merged : undefined;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Every key in `value` that the shape does not know, with a suggestion where one is close. */
export function unknownKeys(
  shape: Shape,
  value: unknown,
  path: (string | number)[] = [],
): UnknownKey[] {
  if (Array.isArray(value)) {
    const list = shape.kind === "union" ? shape.options.find((o) => o.kind === "array") : shape;
    if (list?.kind !== "array") return [];
    return value.flatMap((item, index) => unknownKeys(list.element, item, [...path, index]));
  }
  if (!isMapping(value)) return [];
  if (shape.kind === "record") {
    return Object.entries(value).flatMap(([key, item]) =>
      unknownKeys(shape.value, item, [...path, key]),
    );
  }
  const keys = objectKeys(shape);
  if (!keys) return [];
  const known = [...keys.keys()];
  return Object.entries(value).flatMap(([key, item]) => {
    const child = keys.get(key);
    if (child) return unknownKeys(child, item, [...path, key]);
    return [{ path: [...path, key], suggestion: didYouMean(key, known) }];
  });
}
