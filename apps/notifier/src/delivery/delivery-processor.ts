import { DelayedError, UnrecoverableError, type Job } from "bullmq";
import type { AxiosInstance } from "axios";
import {
  DeliveryFailure,
  sendMessage,
  type AddressPolicy,
  type TryRecord,
} from "@hookline/delivery";
import type { Logger } from "@hookline/observability";
import { deliveryJobSchema } from "@hookline/queue";
import type { ChannelRoute } from "../channels/channel-matcher";
import type { CircuitBreaker } from "../circuit/circuit-breaker";
import type { NotifierMetrics } from "../notifier-metrics";
import type { AttemptLog } from "./attempt-log";
import { buildMessage } from "./build-message";
import { answerExcerpt, failureReason } from "./failure-reason";

export interface DeliveryDeps {
  routes: ReadonlyMap<string, ChannelRoute>;
  clients: ReadonlyMap<string, AxiosInstance>;
  policy: AddressPolicy;
  breaker: CircuitBreaker;
  attempts: AttemptLog;
  maxResponseBytes: number;
  defaultTimeoutMs: number;
  metrics: NotifierMetrics;
  logger: Logger;
  /** Called when a channel's circuit opens (system.health.degraded). */
  onCircuitOpened: (channel: string) => Promise<void>;
}

export interface DeliveryResult {
  statusCode: number;
  responseBody: string;
}

/**
 * One attempt of one delivery. While the channel's circuit is open, or the
 * receiver's Retry-After (429/503) has not passed, the job waits in the
 * delayed set without spending an attempt; a permanent answer
 * (4xx other than 408/429, refused address) fails it at once; anything else
 * is retried on the channel's schedule until the failed set (the DLQ).
 */
export function createDeliveryProcessor(deps: DeliveryDeps) {
  return async (job: Job<unknown>, token?: string): Promise<DeliveryResult> => {
    const parsed = deliveryJobSchema.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`not a delivery: ${parsed.error.issues[0]?.message}`);
    const delivery = parsed.data;
    const route = deps.routes.get(delivery.channel);
    const client = deps.clients.get(delivery.channel);
    if (!route || !client)
      throw new UnrecoverableError(`channel ${delivery.channel} is not configured (or disabled)`);
    const { config } = route;

    // A probe may take every in-attempt retry at the full timeout.
    const probeTurnMs = (config.timeout ?? deps.defaultTimeoutMs) * (config.retries + 1) + 5000;
    const decision = await deps.breaker.check(delivery.channel, probeTurnMs);
    if (decision.action === "wait") {
      deps.metrics.deliveries.inc({ channel: delivery.channel, outcome: "delayed" });
      deps.metrics.circuitOpen.set({ channel: delivery.channel }, 1);
      await job.moveToDelayed(decision.until, token);
      throw new DelayedError();
    }

    const tries: TryRecord[] = [];
    // Every other request to the channel, on any replica, waits as this one does.
    const keepQuiet = (retryAfterMs: number) =>
      deps.breaker.quiet(delivery.channel, Date.now() + retryAfterMs);
    const attempt = job.attemptsMade + 1;
    const attempts = job.opts.attempts ?? 1;
    // The first attempt after a replay counts the replay, once per replica that takes it.
    if (delivery.replay && job.attemptsMade === 0)
      deps.metrics.replayed.inc({ channel: delivery.channel });
    let answer: string | null = null;
    const { body, headers } = buildMessage(delivery, config);
    const stopTimer = deps.metrics.duration.startTimer({ channel: delivery.channel });
    try {
      const delivered = await sendMessage(client, {
        url: config.url,
        headers,
        body,
        policy: deps.policy,
        maxResponseBytes: deps.maxResponseBytes,
        onTry: (record) => {
          tries.push(record);
          if (record.retryAfterMs)
            keepQuiet(record.retryAfterMs).catch((error: unknown) =>
              deps.logger.warn("could not record a Retry-After", { error }),
            );
        },
      });
      // A closed circuit with no failures counted has nothing to reset.
      if (decision.action === "probe" || decision.failures > 0)
        await deps.breaker.recordSuccess(delivery.channel);
      deps.metrics.circuitOpen.set({ channel: delivery.channel }, 0);
      deps.metrics.deliveries.inc({ channel: delivery.channel, outcome: "delivered" });
      answer = answerExcerpt(delivered.responseBody);
      return delivered;
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      answer = answerExcerpt(error.responseBody);
      // The receiver named when to come back: wait for it in the delayed set,
      // spending no attempt (DelayedError leaves attemptsMade as it was).
      const retryAfterMs = tries.at(-1)?.retryAfterMs;
      if (retryAfterMs) {
        const until = await keepQuiet(retryAfterMs);
        deps.metrics.deliveries.inc({ channel: delivery.channel, outcome: "delayed" });
        await job.moveToDelayed(until, token);
        throw new DelayedError();
      }
      const detail = failureReason({
        statusCode: error.statusCode,
        message: error.message,
        url: config.url,
        answer: error.responseBody,
        attempt,
        attempts,
        at: new Date(),
        permanent: error.permanent,
      });
      if (error.permanent || attempt >= attempts) {
        // Into the failed set for good: the dead-letter queue. Said once, here.
        deps.metrics.deliveries.inc({ channel: delivery.channel, outcome: "failed" });
        deps.metrics.deadLetters.inc({ channel: delivery.channel });
        deps.logger.warn("dead letter", {
          channel: delivery.channel,
          message_id: delivery.messageId,
          status_code: error.statusCode,
          reason: detail,
          replay: delivery.replay?.count ?? 0,
        });
      }
      if (error.permanent) throw new UnrecoverableError(detail);
      const { failure_threshold, cooldown } = config.circuit_breaker;
      if (await deps.breaker.recordFailure(delivery.channel, failure_threshold, cooldown)) {
        deps.metrics.circuitOpen.set({ channel: delivery.channel }, 1);
        deps.logger.warn("circuit opened", { channel: delivery.channel });
        await deps
          .onCircuitOpened(delivery.channel)
          .catch((cause) => deps.logger.warn("could not report open circuit", { error: cause }));
      }
      if (attempt < attempts)
        deps.metrics.deliveries.inc({ channel: delivery.channel, outcome: "retry" });
      throw new Error(detail);
    } finally {
      stopTimer();
      deps.attempts.record(delivery, attempt, tries, answer);
    }
  };
}
