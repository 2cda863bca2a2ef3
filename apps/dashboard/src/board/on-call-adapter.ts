import type { Job, Queue } from "bullmq";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { DEFAULT_JOB_OPTIONS, priorityWord, QUEUE_NAMES, type QueueName } from "@hookline/queue";
import { zonedText } from "../http/clock";
import { describeDeadLetter } from "../dead-letters/dead-letter";
import { isPermanentFailure } from "../dead-letters/permanence";
import { scheduleAttemptsOf } from "../dead-letters/attempts";

/** Which of Bull Board's controls a board shows: none, or an admin's. */
export type BoardControls = "read-only" | "admin";

function days(option: unknown): string {
  const age = (option as { age?: number } | undefined)?.age;
  if (age === undefined) return "until removed";
  return age >= 86_400 ? `${age / 86_400} d` : `${age / 3600} h`;
}

// Failure reasons say what on-call needs (status, host, answer, attempt n of
// N, time); the stack is where in hookline it was thrown, which they do not.
// The priority reads as a word in the name instead of Bull Board's
// "priority 2" badge. Times in reasons are in the configured zone; attempts
// read as everywhere else ("attempt #3" beside "attempt 3 of 3", never "9
// started": circuit waits are starts, not attempts). A permanent failure says
// so in its name. Only this answer's copy of the job changes, never Redis.
function forOnCall<T extends Job | undefined | null>(
  job: T,
  timeZone: string,
  queue: QueueName,
): T {
  if (!job) return job;
  const permanent = job.failedReason !== undefined && isPermanentFailure(job);
  job.stacktrace = [];
  // A failed delivery's BullMQ attempts are tries: show its attempt of the schedule instead.
  const scheduled =
    queue === QUEUE_NAMES.deliveries && job.failedReason
      ? scheduleAttemptsOf(job.failedReason)
      : null;
  if (scheduled) job.attemptsMade = scheduled.made;
  if (job.failedReason) job.failedReason = zonedText(job.failedReason, timeZone);
  (job as { attemptsStarted?: number }).attemptsStarted = job.attemptsMade;
  const word = priorityWord(job.opts.priority);
  if (word) {
    job.name = `[${word}] ${job.name}`;
    job.opts = { ...job.opts, priority: undefined };
    (job as { priority: number }).priority = 0; // Bull Board's badge reads this copy too
  }
  if (permanent && (job.attemptsMade ?? 0) > 0) job.name = `[permanent] ${job.name}`;
  return job;
}

/** Bull Board's link from a job to hookline's page about it: its pull request, else its dead letters. */
function hooklineLink(queue: QueueName) {
  return (job: { id?: string | number | null; data?: unknown; failedReason?: string }) => {
    const letter = describeDeadLetter(queue, {
      id: String(job.id ?? ""),
      name: "",
      data: job.data,
      opts: {},
      stacktrace: [],
      attemptsMade: 0,
      timestamp: 0,
    } as unknown as Job);
    if (letter.repository && letter.pr !== undefined) {
      const [owner, repo] = letter.repository.split("/");
      return {
        href: `/pull-requests/${owner}/${repo}/${letter.pr}`,
        displayText: `${letter.repository}#${letter.pr}: pull request page`,
      };
    }
    return {
      href: `/dead-letters?queue=${queue}&job=${encodeURIComponent(String(job.id ?? ""))}`,
      displayText: "dead letters",
    };
  };
}

/**
 * Bull Board's BullMQ adapter as on-call reads it: names with the priority
 * as a word ("[high] pr.created → alerting · acme/web#603"), no stack traces,
 * times in `timeZone`, the retention of failed jobs in the description, and
 * a link to the job's pull request page, and a delivery's HTTP attempts
 * in its Logs tab (`attemptLogs`). `controls`: "read-only" shows no
 * button (viewers, operators); "admin" shows Retry of failed jobs and Clean.
 */
export function onCallAdapter(
  queue: Queue,
  controls: BoardControls,
  timeZone: string,
  attemptLogs?: (jobId: string) => Promise<string[]>,
): BullMQAdapter {
  const name = queue.name as QueueName;
  const options = DEFAULT_JOB_OPTIONS[name] ?? {};
  const readOnly = controls === "read-only";
  return new (class extends BullMQAdapter {
    override async getJob(id: string) {
      return forOnCall(await super.getJob(id), timeZone, name);
    }
    override async getJobs(...args: Parameters<BullMQAdapter["getJobs"]>) {
      return (await super.getJobs(...args)).map((job) => forOnCall(job, timeZone, name));
    }
    // A delivery's Logs tab: each HTTP attempt and the receiver's answer (delivery_attempts).
    override async getJobLogs(id: string) {
      const logs = await super.getJobLogs(id);
      if (!attemptLogs || name !== QUEUE_NAMES.deliveries) return logs;
      return [...logs, ...(await attemptLogs(id))];
    }
  })(queue, {
    readOnlyMode: readOnly,
    allowRetries: !readOnly,
    // A completed delivery was delivered: retrying it would send it again.
    // (BaseAdapter reads it; BullMQAdapter's constructor type omits it.)
    ...({ allowCompletedRetries: false } as object),
    externalJobUrl: hooklineLink(name),
    description:
      `Failed jobs (dead letters) are kept ${days(options.removeOnFail)}, completed ones ${days(options.removeOnComplete)}. ` +
      (readOnly
        ? "Replay failed jobs from Dead letters or the pull request page."
        : "Retry on a failed job replays it with fresh attempts and the same id.") +
      (name === QUEUE_NAMES.deliveries
        ? ""
        : " A permanent failure is not replayed: its own data failed."),
  });
}
