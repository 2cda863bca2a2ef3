import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Queue } from "bullmq";
import type { Logger, WebhookMetrics } from "@hookline/observability";
import { DELIVERY_ID_PATTERN, incomingEventJobId, type IncomingEventJob } from "@hookline/queue";
import { AppError } from "../errors/app-error";
import type { DedupeStore } from "../gate/dedupe-store";
import type { RateLimiter } from "../gate/rate-limiter";
import { contentKind } from "../http/content-kind";
import { optionalHeader, requiredHeader } from "../http/header";
import { readRawBody } from "../http/read-raw-body";
import { sendJson } from "../http/send-json";
import type { IngestState } from "../ingest-state";
import { checkSignature } from "./check-signature";
import { decodeBody } from "./decode-body";
import { enqueueEvent } from "./enqueue-event";
import { eventTypeLabel } from "./metric-label";
import type { WebhookSource } from "./webhook-source";

export interface AcceptWebhookDeps {
  queue: Queue<IncomingEventJob>;
  rateLimiter: RateLimiter;
  dedupe: DedupeStore;
  maxBodyBytes: number;
  state: IngestState;
  logger: Logger;
  metrics: WebhookMetrics;
}

function redisUnavailable(): never {
  throw new AppError("QUEUE_UNAVAILABLE", "the queue is unavailable; retry later", {
    "Retry-After": "5",
  });
}

function deliveryIdFrom(req: IncomingMessage, source: WebhookSource): string | undefined {
  if (!source.deliveryHeader) return undefined;
  const id = requiredHeader(req, source.deliveryHeader);
  if (!DELIVERY_ID_PATTERN.test(id))
    throw new AppError(
      "INVALID_DELIVERY_ID",
      `${source.deliveryHeader} is not a valid delivery id`,
    );
  return id;
}

/**
 * verify → parse → queue → answer. The answer 202 is sent only after Redis
 * holds the job; every other outcome says why nothing was queued.
 */
export function acceptWebhook(deps: AcceptWebhookDeps) {
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    source: WebhookSource,
    /** The client address, behind trusted proxies as configured. */
    clientIp: string,
  ): Promise<void> => {
    const started = performance.now();
    const event = source.eventHeader ? optionalHeader(req, source.eventHeader) : source.name;
    let deliveryId: string | undefined;
    let status = 500;
    try {
      const kind = contentKind(req.headers["content-type"]);
      const eventName = source.eventHeader ? requiredHeader(req, source.eventHeader) : source.name;
      deliveryId = deliveryIdFrom(req, source);
      const headerJobId = deliveryId && incomingEventJobId(source.name, deliveryId);
      // Both lookups are in flight together while the body streams in.
      const lookups = Promise.all([
        deps.rateLimiter(`${source.name}:${clientIp}`, source.rateLimit),
        headerJobId ? deps.dedupe.seen(headerJobId) : false,
      ]);
      lookups.catch(() => undefined); // awaited below, after the body
      const body = await readRawBody(req, deps.maxBodyBytes);
      const [verdict, seen] = await lookups.catch(redisUnavailable);
      if (!verdict.allowed) {
        throw new AppError("RATE_LIMITED", "rate limit exceeded", {
          "Retry-After": String(verdict.retryAfterSeconds),
        });
      }
      checkSignature(req, source, body);
      const decoded = decodeBody(body, kind);
      if (!source.isHandled(eventName, decoded.action)) {
        status = 200;
        sendJson(res, 200, { status: "ignored", event: eventName, action: decoded.action });
        return;
      }
      deliveryId ??= createHash("sha256").update(body).digest("hex");
      const jobId = incomingEventJobId(source.name, deliveryId);
      if (seen || (!headerJobId && (await deps.dedupe.seen(jobId).catch(redisUnavailable)))) {
        status = 200;
        sendJson(res, 200, { status: "duplicate", delivery_id: deliveryId });
        return;
      }
      const receivedAt = new Date();
      await enqueueEvent(
        deps.queue,
        jobId,
        {
          source: source.name,
          deliveryId,
          event: eventName,
          action: decoded.action,
          receivedAt: receivedAt.toISOString(),
          body: decoded.json,
        },
        decoded.subject,
      );
      deps.dedupe
        .remember(jobId)
        .catch((error) =>
          deps.logger.warn("could not record delivery id", { delivery_id: deliveryId, error }),
        );
      deps.state.lastAcceptedAt = receivedAt;
      status = 202;
      sendJson(res, 202, { status: "queued", delivery_id: deliveryId });
    } catch (error) {
      status = error instanceof AppError ? error.status : 500;
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const eventType = eventTypeLabel(source.name, event);
      deps.metrics.requests.inc({ event_type: eventType, status: String(status) });
      deps.metrics.duration.observe({ event_type: eventType }, seconds);
      const level = status >= 500 ? "error" : "info";
      // Checked first: under load, building a log entry nobody reads is measurable.
      if (deps.logger.isLevelEnabled(level))
        deps.logger.log(level, "webhook", {
          source: source.name,
          event_type: event,
          delivery_id: deliveryId,
          status,
          processing_ms: Math.round(seconds * 1000 * 100) / 100,
          source_ip: clientIp,
        });
    }
  };
}
