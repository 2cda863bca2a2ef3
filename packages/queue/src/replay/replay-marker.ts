import { z } from "zod";

/**
 * Stamped into a job's data when it is replayed, so the attempts that follow
 * are recorded as a replay's (delivery_attempts.replay) and counted.
 */
export const replayMarkerSchema = z.object({
  /** 1 for the first replay of this job, 2 for the second, … */
  count: z.number().int().min(1),
  at: z.iso.datetime(),
});

export type ReplayMarker = z.infer<typeof replayMarkerSchema>;

/** The marker a job carries, if any: read leniently, as any queue's data may hold one. */
export function replayMarkerOf(data: unknown): ReplayMarker | undefined {
  const parsed = replayMarkerSchema.safeParse((data as { replay?: unknown } | null)?.replay);
  return parsed.success ? parsed.data : undefined;
}
