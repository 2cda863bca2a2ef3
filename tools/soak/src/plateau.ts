/** One series' verdict: has it stopped growing? */
export interface PlateauVerdict {
  name: string;
  /** The value two thirds into the run, and at its end. */
  atTwoThirds: number;
  atEnd: number;
  /** (end - two thirds) / max(two thirds, floor): growth over the last third. */
  growth: number;
  plateau: boolean;
}

/**
 * A series reached a plateau when it grew by less than `tolerance` over the
 * last third of the run: a table or a memory with a bound levels off once
 * its window has passed; one without keeps growing with the stream.
 * `floor` keeps a tiny series (a few rows) from reading as large growth.
 */
export function plateauOf(
  name: string,
  values: readonly number[],
  tolerance = 0.1,
  floor = 1,
): PlateauVerdict {
  const atTwoThirds = values[Math.floor(((values.length - 1) * 2) / 3)] ?? 0;
  const atEnd = values[values.length - 1] ?? 0;
  const growth = (atEnd - atTwoThirds) / Math.max(atTwoThirds, floor);
  return { name, atTwoThirds, atEnd, growth, plateau: growth < tolerance };
}
