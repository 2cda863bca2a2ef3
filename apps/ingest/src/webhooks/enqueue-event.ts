import type { Queue } from "bullmq";
import { incomingEventJobName, type IncomingEventJob, type JobSubject } from "@hookline/queue";
import { AppError } from "../errors/app-error";

/**
 * Resolves only once Redis has the job; any failure (Redis down, slow,
 * out of memory) becomes a 503 so the sender retries later. The delivery id
 * is the job id, so a retried enqueue can never create a second job.
 */
export async function enqueueEvent(
  queue: Queue<IncomingEventJob>,
  jobId: string,
  job: IncomingEventJob,
  subject: JobSubject = {},
): Promise<void> {
  try {
    await queue.add(incomingEventJobName(job, subject), job, { jobId });
  } catch {
    throw new AppError("QUEUE_UNAVAILABLE", "the event could not be queued; retry later", {
      "Retry-After": "5",
    });
  }
}
