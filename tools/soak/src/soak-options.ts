/** What `npm run soak -- [--minutes 10] [--rate 50] [--sample 20] [--window 60]` runs. */
export interface SoakOptions {
  /** How long the steady stream runs. */
  minutes: number;
  /** Webhooks per second. */
  rate: number;
  /** Seconds between samples. */
  sampleSeconds: number;
  /** Retention window of every kind, and the dedupe window (seconds). */
  windowSeconds: number;
}

// Ten minutes: the completed-job caps (10,000 notifications and deliveries)
// fill in about five at this rate, and Redis levels off after that.
const DEFAULTS: SoakOptions = { minutes: 10, rate: 50, sampleSeconds: 20, windowSeconds: 60 };

/** Parses `--name value` pairs; unknown flags and bad numbers are errors. */
export function soakOptions(argv: readonly string[]): SoakOptions {
  const options = { ...DEFAULTS };
  const names: Record<string, keyof SoakOptions> = {
    "--minutes": "minutes",
    "--rate": "rate",
    "--sample": "sampleSeconds",
    "--window": "windowSeconds",
  };
  for (let index = 0; index < argv.length; index += 2) {
    const key = names[argv[index]!];
    const value = Number(argv[index + 1]);
    if (!key || !Number.isFinite(value) || value <= 0)
      throw new Error(
        `usage: npm run soak -- [--minutes 10] [--rate 50] [--sample 20] [--window 60] (got ${argv[index]} ${argv[index + 1]})`,
      );
    options[key] = value;
  }
  return options;
}
