import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Queue } from "bullmq";
import type { Logger, WebhookMetrics } from "@hookline/observability";
import { DELIVERY_ID_PATTERN, incomingEventJobId, type IncomingEventJob } from "@hookline/queue";
import { AppError } from "../errors/app-error";
import { rethrowQueueError } from "../errors/queue-errors";
import { rateLimited } from "../errors/rate-limited";
import type { DeliveryDedupe } from "../gate/delivery-dedupe";
import type { RateLimiter } from "../gate/rate-limiter";
import type { RefusalLimit } from "../gate/refusal-limit";
import { contentKind } from "../http/content-kind";
import { optionalHeader, requiredHeader } from "../http/header";
import { readRawBody } from "../http/read-raw-body";
import { sendJson } from "@hookline/http-errors";
import type { IngestState } from "../ingest-state";
import { checkSignature } from "./check-signature";
import { decodeBody } from "./decode-body";
import { enqueueEvent } from "./enqueue-event";
import { eventTypeLabel } from "./metric-label";
import type { WebhookSource } from "./webhook-source";
import { clientNetworkKey } from "@hookline/client-network";

export interface AcceptWebhookDeps {
  queue: Queue<IncomingEventJob>;
  rateLimiter: RateLimiter;
  refusalLimit: RefusalLimit;
  dedupe: DeliveryDedupe;
  maxBodyBytes: number;
  state: IngestState;
  logger: Logger;
  metrics: WebhookMetrics;
}

/** Uploads that never finished: the client went away (499), or the server's request timeout cut it off (408). */
const CUT_OFF: Record<number, string | undefined> = {
  499: "webhook upload aborted by client",
  408: "webhook upload timed out",
};

function deliveryIdFrom(req: IncomingMessage, source: WebhookSource): string | undefined {
  if (!source.deliveryHeader) return undefined;
  const id = requiredHeader(req, source.deliveryHeader);
  if (!DELIVERY_ID_PATTERN.test(id))
    throw new AppError(
      "INVALID_DELIVERY_ID",
      `${source.deliveryHeader} must be 1-128 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  return id;
}

async function withinVerifiedBudget(
  deps: AcceptWebhookDeps,
  source: WebhookSource,
  clientIp: string,
): Promise<void> {
  if (source.verifiedRateLimit <= 0) return;
  const verdict = await deps
    .rateLimiter(`verified:${source.name}:${clientNetworkKey(clientIp)}`, source.verifiedRateLimit)
    .catch(rethrowQueueError);
  if (!verdict.allowed)
    throw rateLimited(
      `more than ${source.verifiedRateLimit} verified deliveries per minute (verified_rate_limit)`,
      verdict.retryAfterSeconds,
    );
}

/**
 * read → verify → (dedupe + queue, one round trip) → answer. The signature
 * is checked before any Redis work, so a valid delivery is never refused for
 * rate (GitHub does not redeliver on its own); refused requests count toward
 * the address's limit instead. 202 is sent only after Redis holds the job;
 * every other answer says why nothing was queued: 200 duplicate (its id or
 * its body was accepted within the window), 4xx naming the rule, 503 only
 * when Redis is unavailable, 500 (logged at error with the delivery id) for
 * anything unexpected.
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
    let unexpected: unknown;
    try {
      const kind = contentKind(req.headers["content-type"]);
      const eventName = source.eventHeader ? requiredHeader(req, source.eventHeader) : source.name;
      deliveryId = deliveryIdFrom(req, source);
      const body = await readRawBody(req, deps.maxBodyBytes);
      checkSignature(req, source, body);
      const decoded = decodeBody(body, kind);
      await withinVerifiedBudget(deps, source, clientIp);
      if (!source.isHandled(eventName, decoded.action)) {
        status = 200;
        sendJson(res, 200, { status: "ignored", event: eventName, action: decoded.action });
        return;
      }
      deliveryId ??= createHash("sha256").update(body).digest("hex");
      const jobId = incomingEventJobId(source.name, deliveryId);
      // The claim and the add go out together (see delivery-dedupe.ts): one
      // round trip, and the add stores nothing unless the claim says "new".
      const claimed = deps.dedupe.claim(source.name, jobId, decoded.json);
      const receivedAt = new Date();
      const stored = enqueueEvent(
        deps.queue,
        deps.dedupe.jobOptions(jobId),
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
      const [verdict] = await Promise.all([claimed.catch(rethrowQueueError), stored]);
      if (verdict !== "new") {
        status = 200;
        sendJson(res, 200, { status: "duplicate", delivery_id: deliveryId });
        return;
      }
      deps.state.lastAcceptedAt = receivedAt;
      status = 202;
      sendJson(res, 202, { status: "queued", delivery_id: deliveryId });
    } catch (error) {
      if (!(error instanceof AppError)) {
        unexpected = error;
        status = 500;
        throw new AppError("INTERNAL", "internal error");
      }
      const answer = await deps.refusalLimit(
        error,
        `${source.name}:${clientNetworkKey(clientIp)}`,
        source.rateLimit,
      );
      status = answer instanceof AppError ? answer.status : 500;
      throw answer;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const eventType = eventTypeLabel(source.name, event);
      deps.metrics.requests.inc({ event_type: eventType, status: String(status) });
      deps.metrics.duration.observe({ event_type: eventType }, seconds);
      const level = status >= 500 ? "error" : CUT_OFF[status] ? "warn" : "info";
      // Checked first: under load, building a log entry nobody reads is measurable.
      if (deps.logger.isLevelEnabled(level))
        deps.logger.log(level, CUT_OFF[status] ?? "webhook", {
          source: source.name,
          event_type: event,
          delivery_id: deliveryId,
          status,
          processing_ms: Math.round(seconds * 1000 * 100) / 100,
          source_ip: clientIp,
          ...(unexpected === undefined ? {} : { error: unexpected }),
        });
    }
  };
}
