import type { Job } from "bullmq";
import { QUEUE_NAMES, type QueueName } from "@hookline/queue";

/**
 * True when the job's last failure was permanent. For incoming events and
 * notifications: the processor threw BullMQ's UnrecoverableError (an event
 * that fails validation), which fails the job at once whatever attempts are
 * left; BullMQ keeps each failure's stack in job.stacktrace, newest last,
 * starting with the error's name. A delivery is dead-lettered with
 * UnrecoverableError whenever the notifier's retry policy gives up (attempts
 * spent, max_age passed), so there the reason says it: only a receiver's
 * answer that is never retried (a 4xx, a refused address) reads
 * "permanent, not retried" (apps/notifier/src/delivery/retry-policy.ts).
 */
export function isPermanentFailure(
  job: Pick<Job, "stacktrace" | "failedReason" | "queueName">,
): boolean {
  if (job.queueName === QUEUE_NAMES.deliveries)
    return (job.failedReason ?? "").includes("permanent, not retried");
  const last = job.stacktrace?.[job.stacktrace.length - 1] ?? "";
  return last.startsWith("UnrecoverableError");
}

/**
 * Why a failed job may not be replayed, or undefined when it may. A
 * permanent failure of an incoming event or a notification was decided on
 * the job's own data, which a replay does not change: it would fail the
 * same way. A delivery's permanent failure was the receiver's answer (4xx):
 * once the receiver is fixed, a replay can succeed, so it stays replayable.
 */
export function replayRefusalOf(queue: QueueName, job: Job): string | undefined {
  if (queue === QUEUE_NAMES.deliveries || !isPermanentFailure(job)) return undefined;
  const reason = (job.failedReason ?? "").split("\n")[0];
  return (
    `job ${job.id} in ${queue} failed permanently (${reason}): its stored data cannot succeed, ` +
    `so a replay would fail the same way. What must change first is the sender's payload or ` +
    `hookline's rule that refused it; once understood, an admin removes the job with Clean.`
  );
}
