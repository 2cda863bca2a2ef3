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
import { GITHUB_SOURCE, type IncomingEventJob, type NotificationDraft } from "@hookline/queue";
import type { Outbox } from "./apply/apply-contract";
import {
  checkRunDocument,
  checkSuiteDocument,
  ignoredDocument,
  pullRequestDocument,
  statusDocument,
  type AttemptInfo,
  type EventDocument,
} from "./apply/event-document";
import { decideNotifications } from "./notifications/decide-notifications";

/** What to store, and which notifications follow from what storing changed. */
export interface EventPlan {
  document: EventDocument;
  notifications(outbox: Outbox): NotificationDraft[];
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
    const context = {
      deliveryId: deliveryKey,
      sender: document.sender,
      repository: parsed.data.repository.full_name,
    };
    return { document, notifications: (outbox) => decideNotifications(context, outbox) };
  };
}

const PLANNERS: Record<HandledEventName, Planner> = {
  pull_request: planner(pullRequestPayloadSchema, pullRequestDocument),
  check_run: planner(checkRunPayloadSchema, checkRunDocument),
  check_suite: planner(checkSuitePayloadSchema, checkSuiteDocument),
  status: planner(statusPayloadSchema, statusDocument),
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
  if (job.source !== GITHUB_SOURCE || !isHandledEvent(job.event, job.action)) {
    return { document: ignoredDocument(deliveryKey, job, attempt), notifications: () => [] };
  }
  let body: unknown;
  try {
    body = JSON.parse(job.body);
  } catch {
    throw new UnrecoverableError(`${job.event} ${job.deliveryId}: body is not valid JSON`);
  }
  return PLANNERS[job.event as HandledEventName](deliveryKey, job, attempt, body);
}
