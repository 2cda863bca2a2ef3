import { UnrecoverableError } from "bullmq";
import type { ChannelConfig } from "@hookline/config";
import { withJitter } from "@hookline/delivery";
import type { Logger } from "@hookline/observability";
import {
  bullPriority,
  CHANNEL_SCHEDULE_BACKOFF,
  priorityRank,
  type DeliveryJob,
} from "@hookline/queue";

// A delivery's retry policy, in one place (issue 23): its job options, the
// delay before each retry, the retry / wait / dead-letter verdict and the
// one log line of a dead letter.
//
// Every try is one BullMQ attempt, so every wait happens in the delayed set
// and holds no worker slot (issue 18). A channel's `retries` short tries
// (retry_delay × backoff_factor^n apart) make up one attempt of its
// retry_schedule: with retries R, BullMQ attempt n (1-based) is try
// ((n-1) mod (R+1)) + 1 of schedule attempt floor((n-1) / (R+1)) + 1.

/**
 * The end of a delivery that ran out of attempts or outlived max_age: final
 * (BullMQ retries it no more, whatever tries its job options have left, as
 * for UnrecoverableError), but not permanent: once the receiver recovers, a
 * replay can succeed. BullMQ records the error's name in job.stacktrace, so
 * whatever reads the stack (Bull Board, scripts) does not take it for a
 * permanent refusal (a 4xx, a refused address), whose reason ends
 * "permanent, not retried".
 */
export class DeliveryExhaustedError extends UnrecoverableError {}

/** Where a BullMQ attempt stands in the channel's policy. */
export interface AttemptPosition {
  /** Attempt of the retry_schedule, 1-based. */
  attempt: number;
  /** Attempts in the schedule: retry_schedule.length + 1. */
  attempts: number;
  /** Try within the attempt, 1-based (in-attempt retries). */
  try: number;
}

/** `attemptsMade`: BullMQ's count before this attempt. */
export function attemptPosition(attemptsMade: number, channel: ChannelConfig): AttemptPosition {
  const tries = channel.retries + 1;
  return {
    attempt: Math.floor(attemptsMade / tries) + 1,
    attempts: channel.retry_schedule.length + 1,
    try: (attemptsMade % tries) + 1,
  };
}

/** The delivery job for one channel: one BullMQ attempt per try of the channel's policy. */
export function deliveryJobOptions(job: DeliveryJob, channel: ChannelConfig) {
  const highest = job.notifications.reduce((best, notification) =>
    priorityRank(notification.priority) > priorityRank(best.priority) ? notification : best,
  ).priority;
  return {
    jobId: job.messageId,
    attempts: (channel.retry_schedule.length + 1) * (channel.retries + 1),
    backoff: { type: CHANNEL_SCHEDULE_BACKOFF },
    priority: bullPriority(highest),
    // BullMQ keeps a stack per failed attempt; a delivery's reason is its
    // message, and up to (schedule + 1) × (retries + 1) stacks per job would
    // let a failing receiver grow Redis (issue 18, item 7).
    stackTraceLimit: 1,
  };
}

/**
 * Milliseconds before the next try after `attemptsMade` failed ones: the
 * in-attempt backoff within an attempt, the retry_schedule between attempts.
 */
export function retryDelay(attemptsMade: number, channel: ChannelConfig): number {
  const tries = channel.retries + 1;
  const withinAttempt = attemptsMade % tries;
  if (withinAttempt !== 0)
    return channel.retry_delay * channel.backoff_factor ** (withinAttempt - 1);
  const schedule = channel.retry_schedule.length > 0 ? channel.retry_schedule : [60_000];
  return schedule[Math.min(attemptsMade / tries - 1, schedule.length - 1)]!;
}

/** BullMQ's backoffStrategy for the deliveries worker. */
export function deliveryBackoffStrategy(channelOf: (name: string) => ChannelConfig | undefined) {
  return (attemptsMade: number, type?: string, _error?: Error, job?: { data: DeliveryJob }) => {
    const channel = job && channelOf(job.data.channel);
    // Jittered (Standard Webhooks: "add some level of random jitter to
    // retries"), so deliveries that failed together do not return together.
    return withJitter(
      type === CHANNEL_SCHEDULE_BACKOFF && channel ? retryDelay(attemptsMade, channel) : 60_000,
    );
  };
}

/** Epoch ms past which the message is dead: its channel's max_age from its creation (or replay). */
export function expiresAt(
  createdAt: number,
  delivery: Pick<DeliveryJob, "replay">,
  channel: ChannelConfig,
): number {
  const replayedAt = delivery.replay ? Date.parse(delivery.replay.at) : 0;
  return Math.max(createdAt, replayedAt) + channel.max_age;
}

/** What becomes of a delivery after a failed try. */
export type Verdict =
  | { kind: "wait"; until: number }
  | { kind: "retry"; delayMs: number }
  | { kind: "dead"; why: "permanent" | "attempts" | "max_age" };

export interface FailedTry {
  attemptsMade: number;
  channel: ChannelConfig;
  permanent: boolean;
  /** What the receiver's Retry-After asked for (ms from now), or null. */
  retryAfterMs: number | null;
  expiresAt: number;
  now?: number;
}

/**
 * permanent → dead; Retry-After → wait that long (no attempt spent, no
 * longer than the message's age allows); out of tries → dead; past
 * max_age before the next try → dead; otherwise retry after the policy's delay.
 */
export function failureVerdict(failed: FailedTry): Verdict {
  const now = failed.now ?? Date.now();
  if (failed.permanent) return { kind: "dead", why: "permanent" };
  if (failed.retryAfterMs) {
    const until = now + failed.retryAfterMs;
    return until >= failed.expiresAt ? { kind: "dead", why: "max_age" } : { kind: "wait", until };
  }
  const made = failed.attemptsMade + 1;
  const total = (failed.channel.retry_schedule.length + 1) * (failed.channel.retries + 1);
  if (made >= total) return { kind: "dead", why: "attempts" };
  const delayMs = retryDelay(made, failed.channel);
  if (now + delayMs >= failed.expiresAt) return { kind: "dead", why: "max_age" };
  return { kind: "retry", delayMs };
}

/** The one log line of a dead letter (the failed set keeps the reason for the dashboard). */
export function logDeadLetter(
  logger: Logger,
  delivery: DeliveryJob,
  statusCode: number | null,
  reason: string,
): void {
  logger.warn("dead letter", {
    channel: delivery.channel,
    message_id: delivery.messageId,
    status_code: statusCode,
    reason,
    replay: delivery.replay?.count ?? 0,
  });
}
