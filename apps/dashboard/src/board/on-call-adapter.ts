import type { Job, Queue } from "bullmq";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { DEFAULT_JOB_OPTIONS, priorityWord, type QueueName } from "@hookline/queue";

function days(option: unknown): string {
  const age = (option as { age?: number } | undefined)?.age;
  if (age === undefined) return "until removed";
  return age >= 86_400 ? `${age / 86_400} d` : `${age / 3600} h`;
}

// Failure reasons say what on-call needs (status, host, answer, attempt n of
// N, time); the stack is where in hookline it was thrown, which they do not.
// The priority reads as a word in the name instead of Bull Board's
// "priority 2" badge. Only this answer's copy of the job changes, never Redis.
function forOnCall<T extends Job | undefined | null>(job: T): T {
  if (!job) return job;
  job.stacktrace = [];
  const word = priorityWord(job.opts.priority);
  if (word) {
    job.name = `[${word}] ${job.name}`;
    job.opts = { ...job.opts, priority: undefined };
    (job as { priority: number }).priority = 0; // Bull Board's badge reads this copy too
  }
  return job;
}

/**
 * Bull Board's BullMQ adapter as on-call reads it: names with the priority
 * as a word ("[high] pr.created → alerting · acme/web#603"), no stack traces,
 * and the retention of failed jobs (the dead-letter queue) in the description.
 */
export function onCallAdapter(queue: Queue, readOnly: boolean): BullMQAdapter {
  const options = DEFAULT_JOB_OPTIONS[queue.name as QueueName] ?? {};
  return new (class extends BullMQAdapter {
    override async getJob(id: string) {
      return forOnCall(await super.getJob(id));
    }
    override async getJobs(...args: Parameters<BullMQAdapter["getJobs"]>) {
      return (await super.getJobs(...args)).map(forOnCall);
    }
  })(queue, {
    readOnlyMode: readOnly,
    allowRetries: !readOnly,
    // A completed delivery was delivered: retrying it would send it again.
    // (BaseAdapter reads it; BullMQAdapter's constructor type omits it.)
    ...({ allowCompletedRetries: false } as object),
    description: `Failed jobs (dead letters) are kept ${days(options.removeOnFail)}, completed ones ${days(options.removeOnComplete)}. Retry on a failed job replays it with fresh attempts and the same id.`,
  });
}
