import { UnrecoverableError } from "bullmq";
import type { z } from "zod";
import {
  checkRunPayloadSchema,
  checkSuitePayloadSchema,
  isHandledEvent,
  pullRequestPayloadSchema,
  requiredChecksChangePayloadSchema,
  statusPayloadSchema,
  type HandledEventName,
} from "@hookline/github";
import { GITHUB_SOURCE, type IncomingEventJob } from "@hookline/queue";
import {
  checkRunDocument,
  checkSuiteDocument,
  ignoredDocument,
  pullRequestDocument,
  requiredChecksDocument,
  statusDocument,
  type AttemptInfo,
  type EventDocument,
} from "./apply/event-document";
import type { NotificationContext } from "./notifications/decide-notifications";

/**
 * What to store (one database call) and what the notifications of whatever
 * storing changes will say about the event: data, decided on after the call.
 */
export interface EventPlan {
  document: EventDocument;
  context: NotificationContext;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`)
    .join("; ");
}

type Planner = (
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  document: unknown,
) => EventPlan;

function planner<Payload extends { repository: { full_name: string } }>(
  schema: z.ZodType<Payload>,
  toDocument: (
    deliveryKey: string,
    job: IncomingEventJob,
    attempt: AttemptInfo,
    payload: Payload,
  ) => EventDocument,
): Planner {
  return (deliveryKey, job, attempt, body) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new UnrecoverableError(
        `${job.event} payload failed validation: ${describeIssues(parsed.error)}`,
      );
    const document = toDocument(deliveryKey, job, attempt, parsed.data);
    return { document, context: { deliveryId: deliveryKey, sender: document.sender } };
  };
}

const ignored: Planner = (deliveryKey, job, attempt) => ({
  document: ignoredDocument(deliveryKey, job, attempt),
  context: { deliveryId: deliveryKey, sender: null },
});

const PLANNERS: Record<HandledEventName, Planner> = {
  pull_request: planner(pullRequestPayloadSchema, pullRequestDocument),
  check_run: planner(checkRunPayloadSchema, checkRunDocument),
  check_suite: planner(checkSuitePayloadSchema, checkSuiteDocument),
  status: planner(statusPayloadSchema, statusDocument),
  // What they change (required checks) is read from GitHub's REST API before applying.
  branch_protection_rule: planner(requiredChecksChangePayloadSchema, requiredChecksDocument),
  repository_ruleset: planner(requiredChecksChangePayloadSchema, requiredChecksDocument),
};

/**
 * Validates the payload before any database work. Pure: no I/O. A payload
 * that can never succeed throws UnrecoverableError, which sends the job
 * straight to the failed set with the reason instead of retrying it. Events
 * nobody handles (custom sources, unhandled actions) are recorded as ignored.
 */
export function planEvent(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo = { attempt: 1 },
): EventPlan {
  if (job.source !== GITHUB_SOURCE || !isHandledEvent(job.event, job.action))
    return ignored(deliveryKey, job, attempt, undefined);
  let body: unknown;
  try {
    body = JSON.parse(job.body);
  } catch {
    throw new UnrecoverableError(`${job.event} ${job.deliveryId}: body is not valid JSON`);
  }
  return PLANNERS[job.event as HandledEventName](deliveryKey, job, attempt, body);
}
