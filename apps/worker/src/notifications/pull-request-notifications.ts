import type { ChecksTransition } from "../state/checks";
import type { NotificationDraft } from "./notification-draft";

export interface PullRequestSummary {
  repository: string;
  pullRequestId: bigint;
  number: number;
  [field: string]: unknown;
}

function draftId(deliveryId: string, pullRequestId: bigint, eventType: string): string {
  return `${deliveryId}.${pullRequestId}.${eventType}`;
}

export function pullRequestNotification(
  deliveryId: string,
  eventType: string,
  summary: PullRequestSummary,
): NotificationDraft {
  const { pullRequestId, ...rest } = summary;
  return {
    id: draftId(deliveryId, pullRequestId, eventType),
    event_type: eventType,
    priority: "medium",
    data: { ...rest, pr_id: String(pullRequestId), delivery_id: deliveryId },
  };
}

/** pr.checks.failed / pr.checks.passed when a pull request's aggregate reaches a verdict. */
export function checksNotifications(
  deliveryId: string,
  repository: string,
  transitions: readonly ChecksTransition[],
): NotificationDraft[] {
  return transitions
    .filter(
      (transition) => transition.checksState === "FAILURE" || transition.checksState === "SUCCESS",
    )
    .map((transition) => {
      const eventType =
        transition.checksState === "FAILURE" ? "pr.checks.failed" : "pr.checks.passed";
      return {
        ...pullRequestNotification(deliveryId, eventType, {
          repository,
          pullRequestId: transition.pullRequestId,
          number: transition.number,
          head_sha: transition.headSha,
          checks_state: transition.checksState,
        }),
        priority: transition.checksState === "FAILURE" ? "high" : "medium",
      };
    });
}
