import type { Job } from "bullmq";
import { subjectOfGithubPayload } from "@hookline/github";
import {
  deliveryJobSchema,
  incomingEventJobSchema,
  notificationJobSchema,
  QUEUE_NAMES,
  replayMarkerOf,
  subjectOfNotificationData,
  type QueueName,
} from "@hookline/queue";
import { scheduleAttemptsOf } from "./attempts";
import { isPermanentFailure, replayRefusalOf } from "./permanence";

/** A failed job as on-call reads it: what, where, why, when. */
export interface DeadLetter {
  queue: QueueName;
  id: string;
  name: string;
  /** Outgoing channel (deliveries only). */
  channel?: string;
  /** Event types in the job: pr.created for a delivery, pull_request.closed for a GitHub event. */
  eventTypes: string[];
  repository?: string;
  /** Pull request number (#603). */
  pr?: number;
  /** When it last failed, ms since the epoch. */
  failedAt: number;
  /** One line: status, host, answer excerpt, attempt n of N, time (deliveries). */
  reason: string;
  attemptsMade: number;
  attempts: number;
  /** How many times it has been replayed before. */
  replays: number;
  /** Failed for good (UnrecoverableError), not for want of attempts. */
  permanent: boolean;
  /** Why it may not be replayed (a permanent failure of its own data); undefined when it may. */
  replayRefusal?: string;
}

function describeData(queue: QueueName, data: unknown) {
  if (queue === QUEUE_NAMES.deliveries) {
    const parsed = deliveryJobSchema.safeParse(data);
    if (!parsed.success) return { eventTypes: [] };
    const first = parsed.data.notifications[0]!;
    const subject = subjectOfNotificationData(first.data);
    return {
      channel: parsed.data.channel,
      eventTypes: [...new Set(parsed.data.notifications.map((item) => item.event_type))],
      repository: subject.repository,
      pr: subject.number,
    };
  }
  if (queue === QUEUE_NAMES.notifications) {
    const parsed = notificationJobSchema.safeParse(data);
    if (!parsed.success) return { eventTypes: [] };
    const subject = subjectOfNotificationData(parsed.data.data);
    return {
      eventTypes: [parsed.data.event_type],
      repository: subject.repository,
      pr: subject.number,
    };
  }
  const parsed = incomingEventJobSchema.safeParse(data);
  if (!parsed.success) return { eventTypes: [] };
  const { event, action, body } = parsed.data;
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    document = undefined;
  }
  const subject = subjectOfGithubPayload(document);
  return {
    eventTypes: [action ? `${event}.${action}` : event],
    repository: subject.repository,
    pr: subject.number,
  };
}

export function describeDeadLetter(queue: QueueName, job: Job): DeadLetter {
  const reason = (job.failedReason ?? "").split("\n")[0] ?? "";
  // A delivery's BullMQ attempts are tries; its reason says which attempt of the schedule it was.
  const scheduled = queue === QUEUE_NAMES.deliveries ? scheduleAttemptsOf(reason) : null;
  return {
    queue,
    id: job.id!,
    name: job.name,
    ...describeData(queue, job.data),
    failedAt: job.finishedOn ?? job.processedOn ?? job.timestamp,
    reason,
    attemptsMade: scheduled?.made ?? job.attemptsMade,
    attempts: scheduled?.allowed ?? job.opts.attempts ?? 1,
    replays: replayMarkerOf(job.data)?.count ?? 0,
    permanent: isPermanentFailure(job),
    replayRefusal: replayRefusalOf(queue, job),
  };
}
