import type { Queue } from "bullmq";
import { deliveryJobSchema, type DeliveryJob } from "@hookline/queue";
import type { AttemptLog } from "./attempt-log";

/** The error text of a delivery_attempts row for an attempt cut off by a dead replica. */
export const INTERRUPTED =
  "interrupted: the notifier stopped during this attempt; it may have reached the receiver and is sent again with the same webhook-id";

/**
 * Adds one delivery_attempts row (try 0, no status) for a delivery whose lock
 * expired while active: the attempt that replica had in hand, whose own rows
 * were lost with it. Resolves without a row when the job is gone.
 */
export async function recordInterrupted(
  queue: Queue<DeliveryJob>,
  attempts: AttemptLog,
  jobId: string,
): Promise<void> {
  const job = await queue.getJob(jobId);
  const parsed = deliveryJobSchema.safeParse(job?.data);
  if (!job || !parsed.success) return;
  attempts.record(parsed.data, job.attemptsMade + 1, [
    {
      try: 0,
      statusCode: null,
      error: INTERRUPTED,
      durationMs: job.processedOn ? Math.max(0, Date.now() - job.processedOn) : 0,
      retryAfterMs: null,
    },
  ]);
}
