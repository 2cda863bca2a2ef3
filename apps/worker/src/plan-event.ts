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
import type { Outbox } from "./apply/apply-event";
import {
  checkRunDocument,
  checkSuiteDocument,
  ignoredDocument,
  pullRequestDocument,
  statusDocument,
  type EventDocument,
} from "./apply/event-document";
import type { NotificationDraft } from "@hookline/queue";
import {
  checksNotifications,
  pullRequestNotifications,
} from "./notifications/pull-request-notifications";

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

type Planner = (deliveryKey: string, job: IncomingEventJob, document: unknown) => EventPlan;

function planner<Payload extends { repository: { full_name: string } }>(
  schema: z.ZodType<Payload>,
  toDocument: (deliveryKey: string, job: IncomingEventJob, payload: Payload) => EventDocument,
  ownNotifications: (deliveryKey: string, payload: Payload) => NotificationDraft[] = () => [],
): Planner {
  return (deliveryKey, job, document) => {
    const parsed = schema.safeParse(document);
    if (!parsed.success)
      throw new UnrecoverableError(
        `${job.event} payload failed validation: ${describeIssues(parsed.error)}`,
      );
    const payload = parsed.data;
    return {
      document: toDocument(deliveryKey, job, payload),
      notifications: (outbox) => [
        ...ownNotifications(deliveryKey, payload),
        ...checksNotifications(deliveryKey, payload.repository.full_name, outbox.checks),
      ],
    };
  };
}

const PLANNERS: Record<HandledEventName, Planner> = {
  pull_request: planner(pullRequestPayloadSchema, pullRequestDocument, pullRequestNotifications),
  check_run: planner(checkRunPayloadSchema, checkRunDocument),
  check_suite: planner(checkSuitePayloadSchema, checkSuiteDocument),
  status: planner(statusPayloadSchema, statusDocument),
};

/**
 * Validates the payload before any database work. A payload that can never
 * succeed throws UnrecoverableError, which sends the job straight to the
 * failed set with the reason instead of retrying it. Events nobody handles
 * (custom sources, unhandled actions) are recorded as ignored.
 */
export function planEvent(deliveryKey: string, job: IncomingEventJob): EventPlan {
  if (job.source !== GITHUB_SOURCE || !isHandledEvent(job.event, job.action)) {
    return { document: ignoredDocument(deliveryKey, job), notifications: () => [] };
  }
  let document: unknown;
  try {
    document = JSON.parse(job.body);
  } catch {
    throw new UnrecoverableError(`${job.event} ${job.deliveryId}: body is not valid JSON`);
  }
  return PLANNERS[job.event as HandledEventName](deliveryKey, job, document);
}
