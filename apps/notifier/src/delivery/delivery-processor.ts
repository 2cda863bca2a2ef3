import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { AxiosInstance } from "axios";
import {
  channelTimeoutMs,
  DeliveryFailure,
  sendMessage,
  type GateDecision,
  type TryRecord,
} from "@hookline/delivery";
import { deliveryJobSchema, type DeliveryJob } from "@hookline/queue";
import { buildMessage } from "./build-message";
import type { ChannelRoute } from "../channels/channel-matcher";
import type { DeliveryDeps } from "./delivery-deps";
import { answerExcerpt, failureReason, reasonTime } from "./failure-reason";
import {
  attemptPosition,
  expiresAt,
  failureVerdict,
  DeliveryExhaustedError,
  logDeadLetter,
  type AttemptPosition,
} from "./retry-policy";

/** What a completed delivery keeps in Redis: the status and a short excerpt, never the whole answer. */
export interface DeliveryResult {
  statusCode: number;
  excerpt: string;
}

// A reopening circuit or an expiring Retry-After wakes its jobs spread over
// up to a tenth of the wait (at most 2 s), not all in the same millisecond.
const jitter = (waitMs: number) => Math.floor(Math.random() * Math.min(2000, waitMs / 10));
// A job parked for want of a slot wakes after at most this long even if no slot wakes it.
const SLOT_FALLBACK_MS = 5000;
// last_success_at for the Channels page is written at most this often per replica.
const SUCCESS_NOTE_MS = 1000;

/**
 * One try of one delivery. The job first takes one of its channel's slots
 * on this replica (max_in_flight) and passes the channel's shared gate
 * (disabled, Retry-After, circuit, rate limit); a job that may not go now is
 * parked in the delayed set, holding no slot. Then one request with a
 * deadline covering its body. The retry policy (retry-policy.ts) decides
 * what follows a failure.
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  const successNoted = new Map<string, number>();

  const park = async (job: Job, token: string | undefined, until: number) => {
    await job.moveToDelayed(until, token);
    throw new DelayedError();
  };

  const expire = (delivery: DeliveryJob, position: AttemptPosition, channelMaxAgeMs: number) => {
    const reason = `expired: not delivered within max_age (${Math.round(channelMaxAgeMs / 60_000)} min) · attempt ${position.attempt} of ${position.attempts} · ${reasonTime(new Date())}`;
    deps.metrics.deliveries.inc({ channel: delivery.channel, outcome: "failed" });
    deps.metrics.deadLetters.inc({ channel: delivery.channel });
    logDeadLetter(deps.logger, delivery, null, reason);
    return new DeliveryExhaustedError(reason);
  };

  return async (job: Job<unknown>, token?: string): Promise<DeliveryResult> => {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`not a delivery: ${parsed.error.issues[0]?.message}`);
    const delivery = parsed.data;
    const { channel } = delivery;
    const route = deps.routes.get(channel);
    const client = deps.clients.get(channel);
    if (!route || !client)
      throw new UnrecoverableError(`channel ${channel} is not configured (or disabled)`);
    const { config } = route;
    const position = attemptPosition(job.attemptsMade, config);
    const expires = expiresAt(job.timestamp, delivery, config);
    if (Date.now() >= expires) throw expire(delivery, position, config.max_age);
    const timeoutMs = channelTimeoutMs(config, deps.defaultTimeoutMs);

    if (!(await deps.slots.acquire(channel))) {
      // Full on this replica: wait in the delayed set; a freed slot wakes it.
      // The delay is the fallback should this replica die first.
      deps.slots.parked(channel, job);
      deps.metrics.deliveries.inc({ channel, outcome: "delayed" });
      return park(
        job,
        token,
        Math.min(Date.now() + Math.min(timeoutMs, SLOT_FALLBACK_MS), expires),
      );
    }
    try {
      const decision = await deps.gate.check({
        channel,
        jobId: job.id!,
        probeTurnMs: timeoutMs + 5000,
        rateLimit: config.rate_limit ?? 0,
        expiresAt: expires,
      });
      if (decision.action === "wait") {
        deps.metrics.deliveries.inc({ channel, outcome: "delayed" });
        if (decision.why.startsWith("circuit")) deps.metrics.circuitOpen.set({ channel }, 1);
        if (decision.why !== "rate limit") deps.waits.note(channel, decision.until);
        const wait = decision.until - Date.now();
        const spread = decision.why === "rate limit" ? 0 : jitter(wait);
        return await park(job, token, Math.min(decision.until + spread, expires));
      }
      return await send(
        job,
        token,
        delivery,
        route,
        client,
        decision,
        position,
        expires,
        timeoutMs,
      );
    } finally {
      deps.slots.release(channel);
    }
  };

  async function send(
    job: Job<unknown>,
    token: string | undefined,
    delivery: DeliveryJob,
    route: ChannelRoute,
    client: AxiosInstance,
    decision: Extract<GateDecision, { action: "send" | "probe" }>,
    position: AttemptPosition,
    expires: number,
    timeoutMs: number,
  ): Promise<DeliveryResult> {
    const { channel } = delivery;
    const { config } = route;
    const tries: TryRecord[] = [];
    // The first attempt after a replay counts the replay, once per replica that takes it.
    if (delivery.replay && job.attemptsMade === 0) deps.metrics.replayed.inc({ channel });
    let excerpt: string | null = null;
    const { body, headers } = buildMessage(delivery, config);
    const stopTimer = deps.metrics.duration.startTimer({ channel });
    const endLending = deps.lending.watch();
    try {
      const delivered = await sendMessage(client, {
        url: config.url,
        headers,
        body,
        policy: deps.policy,
        maxResponseBytes: deps.maxResponseBytes,
        deadlineMs: timeoutMs,
        onTry: (record) => tries.push({ ...record, try: position.try }),
      });
      excerpt = answerExcerpt(delivered.responseBody);
      const now = Date.now();
      // A closed circuit with no failures counted and a full rate has nothing to reset.
      if (
        decision.action === "probe" ||
        decision.failures > 0 ||
        decision.rateFactor < 1 ||
        now - (successNoted.get(channel) ?? 0) >= SUCCESS_NOTE_MS
      ) {
        successNoted.set(channel, now);
        deps.waits.clear(channel);
        const { wake } = await deps.gate.recordSuccess(channel);
        if (wake.length > 0)
          void deps
            .wake(wake)
            .catch((error: unknown) =>
              deps.logger.warn("could not wake parked deliveries", { channel, error }),
            );
      }
      deps.metrics.circuitOpen.set({ channel }, 0);
      deps.metrics.deliveries.inc({ channel, outcome: "delivered" });
      return { statusCode: delivered.statusCode, excerpt };
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      excerpt = answerExcerpt(error.responseBody);
      const detail = failureReason({
        statusCode: error.statusCode,
        message: error.message,
        url: config.url,
        answer: error.responseBody,
        attempt: position.attempt,
        attempts: position.attempts,
        at: new Date(),
        permanent: error.permanent,
      });
      const retryAfterMs = tries.at(-1)?.retryAfterMs ?? null;
      let waitMs: number | null = null;
      // A channel whose every message is refused must not read "last failure: never".
      if (error.permanent) await deps.gate.notePermanentFailure(channel, detail);
      else {
        // Throttled answers count too: a receiver answering 503 + Retry-After
        // forever opens its circuit like one that fails.
        await noteFailure(channel, route, detail);
        // A 429 lowers a rate-limited channel's rate, with or without a Retry-After.
        const lowerRate = error.statusCode === 429 && config.rate_limit !== undefined;
        if (retryAfterMs || lowerRate) {
          const minFactor = Math.min(1, 1 / (config.rate_limit ?? 1));
          const until = await deps.gate.quiet(
            channel,
            Date.now() + (retryAfterMs ?? 0),
            lowerRate,
            minFactor,
          );
          if (retryAfterMs) waitMs = Math.max(1, until - Date.now());
        }
      }
      const verdict = failureVerdict({
        attemptsMade: job.attemptsMade,
        channel: config,
        permanent: error.permanent,
        retryAfterMs: waitMs,
        expiresAt: expires,
      });
      if (verdict.kind === "wait") {
        // The receiver named when to come back: wait for it in the delayed set,
        // spending no attempt (DelayedError leaves attemptsMade as it was).
        deps.metrics.deliveries.inc({ channel, outcome: "delayed" });
        await deps.gate.park(channel, job.id!, verdict.until);
        await job.moveToDelayed(verdict.until + jitter(verdict.until - Date.now()), token);
        throw new DelayedError();
      }
      if (verdict.kind === "retry") {
        deps.metrics.deliveries.inc({ channel, outcome: "retry" });
        await deps.gate.park(channel, job.id!, Date.now() + verdict.delayMs);
        // BullMQ's backoff (deliveryBackoffStrategy) applies the same delay.
        throw new Error(detail);
      }
      const reason =
        verdict.why === "max_age" ? `${detail} · next try past max_age, not retried` : detail;
      deps.metrics.deliveries.inc({ channel, outcome: "failed" });
      deps.metrics.deadLetters.inc({ channel });
      logDeadLetter(deps.logger, delivery, error.statusCode, reason);
      throw verdict.why === "permanent"
        ? new UnrecoverableError(reason)
        : new DeliveryExhaustedError(reason);
    } finally {
      endLending();
      stopTimer();
      deps.attempts.record(delivery, position.attempt, tries, excerpt);
    }
  }

  async function noteFailure(channel: string, route: ChannelRoute, detail: string) {
    const { failure_threshold, cooldown, max_cooldown } = route.config.circuit_breaker;
    const outcome = await deps.gate.recordFailure(channel, {
      threshold: failure_threshold,
      cooldownMs: cooldown,
      maxCooldownMs: Math.max(cooldown, max_cooldown),
      disableAfterMs: route.config.disable_after,
      reason: detail,
    });
    if (outcome === "opened") {
      deps.metrics.circuitOpen.set({ channel }, 1);
      deps.logger.warn("circuit opened", { channel });
      await deps
        .onCircuitOpened(channel)
        .catch((cause: unknown) =>
          deps.logger.warn("could not report open circuit", { error: cause }),
        );
    } else if (outcome === "disabled") {
      deps.logger.error("channel disabled: failing without a success for disable_after", {
        channel,
        reason: detail,
      });
      await deps
        .onChannelDisabled(channel, detail)
        .catch((cause: unknown) =>
          deps.logger.warn("could not report a disabled channel", { error: cause }),
        );
    }
  }
}
