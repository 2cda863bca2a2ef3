import { z } from "zod";

// Values may come from YAML (typed) or from environment variables (strings),
// so numbers and booleans accept both spellings.
// A string that is not a number stays a string, so the error says what was
// written ("got \"three\"") rather than "received NaN".
export const numberFromText = (value: unknown) => {
  if (typeof value !== "string" || value.trim() === "") return value;
  const number = Number(value);
  return Number.isNaN(number) ? value : number;
};

export const wholeNumber = z.preprocess(numberFromText, z.number().int().min(0));

export const positiveNumber = z.preprocess(numberFromText, z.number().positive());

const TRUE_WORDS = new Set(["true", "1", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off"]);

export const flag = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}, z.boolean());

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration in milliseconds: a number of seconds, or "250ms", "5s", "5m", "2h", "3d". */
export const duration = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
  if (typeof value === "number") return Math.round(value * 1000);
  const match = DURATION.exec(value.trim());
  if (!match) {
    ctx.addIssue({
      code: "custom",
      message: 'expected a duration such as 30, "500ms", "5m" or "2h"',
    });
    return z.NEVER;
  }
  const unit = (match[2] ?? "s") as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
});

/** A list from YAML, or a comma-separated string from the environment. */
export const stringList = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : value,
  z.array(z.string().min(1)),
);

export const PRIORITIES = ["low", "medium", "high", "critical"] as const;
export const priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof priority>;
