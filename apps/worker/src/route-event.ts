import { UnrecoverableError } from "bullmq";
import type { z } from "zod";
import {
  checkRunPayloadSchema,
  checkSuitePayloadSchema,
  isHandledEvent,
  pullRequestPayloadSchema,
  statusPayloadSchema,
  type HandledEventName,
} from "@hookline/github";
import { GITHUB_SOURCE, type IncomingEventJob } from "@hookline/queue";
import type { EventContext, EventEffects, EventHandler, Transaction } from "./event-context";
import { handleCheckRun } from "./handlers/handle-check-run";
import { handleCheckSuite } from "./handlers/handle-check-suite";
import { handlePullRequest } from "./handlers/handle-pull-request";
import { handleStatus } from "./handlers/handle-status";

export type AppliedEvent = (tx: Transaction, context: EventContext) => Promise<EventEffects>;

const IGNORED: AppliedEvent = async () => ({ status: "IGNORED", notifications: [] });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`)
    .join("; ");
}

/** Validates a parsed payload against the handler's schema and binds the two. */
type Route = (document: unknown, event: string) => AppliedEvent;

function route<Payload>(schema: z.ZodType<Payload>, handler: EventHandler<Payload>): Route {
  return (document, event) => {
    const parsed = schema.safeParse(document);
    if (!parsed.success)
      throw new UnrecoverableError(
        `${event} payload failed validation: ${describeIssues(parsed.error)}`,
      );
    return (tx, context) => handler(tx, context, parsed.data);
  };
}

const ROUTES: Record<HandledEventName, Route> = {
  pull_request: route(pullRequestPayloadSchema, handlePullRequest),
  check_run: route(checkRunPayloadSchema, handleCheckRun),
  check_suite: route(checkSuitePayloadSchema, handleCheckSuite),
  status: route(statusPayloadSchema, handleStatus),
};

/**
 * Picks the handler and validates the payload before any database work. A
 * payload that can never succeed throws UnrecoverableError, which sends the
 * job straight to the failed set with the reason, instead of retrying it.
 * Events nobody handles (custom sources, unhandled actions) are recorded as ignored.
 */
export function routeEvent(job: IncomingEventJob): AppliedEvent {
  if (job.source !== GITHUB_SOURCE || !isHandledEvent(job.event, job.action)) return IGNORED;
  let document: unknown;
  try {
    document = JSON.parse(job.body);
  } catch {
    throw new UnrecoverableError(`${job.event} ${job.deliveryId}: body is not valid JSON`);
  }
  return ROUTES[job.event as HandledEventName](document, job.event);
}
