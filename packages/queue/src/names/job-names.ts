import type { DeliveryJob } from "../jobs/delivery-job";
import { GITHUB_SOURCE, type IncomingEventJob } from "../jobs/incoming-event-job";
import type { NotificationJob } from "../jobs/notification-job";
import { formatSubject, subjectOfNotificationData, type JobSubject } from "./job-subject";

// Job names are for people reading the dashboard at 3 a.m.; nothing routes on
// them. One shape everywhere: "<what> · <repository>#<pr>".
const SEPARATOR = " · ";

function withSubject(what: string, subject: string | undefined): string {
  return subject ? `${what}${SEPARATOR}${subject}` : what;
}

/**
 * github-events: "pull_request.closed · acme/web#603" ("push · acme/web"
 * without an action); other sources are named first: "deploys: deployment.finished".
 */
export function incomingEventJobName(
  job: Pick<IncomingEventJob, "source" | "event" | "action">,
  subject: JobSubject,
): string {
  const what = job.action ? `${job.event}.${job.action}` : job.event;
  return withSubject(
    job.source === GITHUB_SOURCE ? what : `${job.source}: ${what}`,
    formatSubject(subject),
  );
}

/** notifications: "pr.created · acme/web#603". */
export function notificationJobName(notification: NotificationJob): string {
  return withSubject(
    notification.event_type,
    formatSubject(subjectOfNotificationData(notification.data)),
  );
}

/**
 * deliveries: "pr.created → alerting · acme/web#603"; a batch reads
 * "pr.created +2 → monitoring · acme/web#603" (its first member, then how many more).
 */
export function deliveryJobName(delivery: DeliveryJob): string {
  const [first, ...rest] = delivery.notifications;
  const what = `${first?.event_type ?? "delivery"}${rest.length > 0 ? ` +${rest.length}` : ""}`;
  const subject = first ? formatSubject(subjectOfNotificationData(first.data)) : undefined;
  return withSubject(`${what} → ${delivery.channel}`, subject);
}
