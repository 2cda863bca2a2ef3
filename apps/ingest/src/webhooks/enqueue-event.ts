import type { JobsOptions, Queue } from "bullmq";
import { incomingEventJobName, type IncomingEventJob, type JobSubject } from "@hookline/queue";
import { rethrowQueueError } from "../errors/queue-errors";

/**
 * Resolves only once Redis has the job. An unavailable Redis becomes a 503
 * so the sender retries later; any other failure is rethrown (500). The job
 * id comes from the delivery id (`options.jobId`), so a retried enqueue
 * never creates a second job.
 */
export async function enqueueEvent(
  queue: Queue<IncomingEventJob>,
  options: JobsOptions & { jobId: string },
  job: IncomingEventJob,
  subject: JobSubject = {},
): Promise<void> {
  await queue.add(incomingEventJobName(job, subject), job, options).catch(rethrowQueueError);
}
