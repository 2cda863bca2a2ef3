/**
 * A benchmark's knobs, from its command line:
 * `npm run bench:ingest -- --rounds 5 --seconds 20`.
 */
export function benchOption(name: string, fallback: number): number;
export function benchOption(name: string, fallback: string | undefined): string | undefined;
export function benchOption(
  name: string,
  fallback: number | string | undefined,
): number | string | undefined {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? args[index + 1] : undefined;
  if (value === undefined) return fallback;
  if (typeof fallback !== "number") return value;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`--${name} needs a positive number, got ${value}`);
  return number;
}
