/** One series' verdict: has it stopped growing? */
export interface PlateauVerdict {
  name: string;
  /** Means of the middle and the last third of the samples. */
  middle: number;
  last: number;
  /** (last - middle) / max(middle, floor): growth from the middle third to the last. */
  growth: number;
  plateau: boolean;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * A series reached a plateau when the mean of its last third is less than
 * `tolerance` above the mean of its middle third. A series with a bound
 * levels off once its window has passed (retention's saw-tooth averages
 * out); one without keeps growing with the stream (a straight line from
 * zero reads as about 66%). `floor` keeps a tiny series from reading as
 * large growth.
 */
export function plateauOf(
  name: string,
  values: readonly number[],
  tolerance = 0.1,
  floor = 1,
): PlateauVerdict {
  const third = Math.floor(values.length / 3);
  const middle = mean(values.slice(third, 2 * third));
  const last = mean(values.slice(2 * third));
  const growth = (last - middle) / Math.max(middle, floor);
  return { name, middle, last, growth, plateau: growth < tolerance };
}
