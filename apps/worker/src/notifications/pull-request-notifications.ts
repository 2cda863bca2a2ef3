import type { PullRequestPayload } from "@hookline/github";
import type { ChecksTransition } from "../apply/apply-event";
import { notificationTypeOf, stateOf } from "../state/pull-request-state";
import type { NotificationDraft } from "@hookline/queue";

// Deterministic: the same delivery always yields the same job ids, so a
// retried or replayed event never notifies twice.
function draftId(deliveryId: string, pullRequestId: number | string, eventType: string): string {
  return `${deliveryId}.${pullRequestId}.${eventType}`;
}

/** pr.created / pr.updated / pr.closed / pr.merged / pr.reopened, from the payload alone. */
export function pullRequestNotifications(
  deliveryId: string,
  payload: PullRequestPayload,
): NotificationDraft[] {
  const pr = payload.pull_request;
  const state = stateOf(pr);
  const eventType = notificationTypeOf(payload.action, state);
  if (!eventType) return [];
  return [
    {
      id: draftId(deliveryId, pr.id, eventType),
      event_type: eventType,
      priority: "medium",
      data: {
        repository: payload.repository.full_name,
        pr_id: String(pr.id),
        number: pr.number,
        title: pr.title,
        state,
        draft: pr.draft ?? false,
        head_sha: pr.head.sha,
        html_url: pr.html_url ?? null,
        sender: payload.sender?.login ?? null,
        delivery_id: deliveryId,
      },
    },
  ];
}

/** pr.checks.failed / pr.checks.passed when a pull request's aggregate reaches a verdict. */
export function checksNotifications(
  deliveryId: string,
  repository: string,
  transitions: readonly ChecksTransition[] = [],
): NotificationDraft[] {
  return transitions
    .filter(
      (transition) =>
        transition.checks_state === "FAILURE" || transition.checks_state === "SUCCESS",
    )
    .map((transition) => {
      const failed = transition.checks_state === "FAILURE";
      const eventType = failed ? "pr.checks.failed" : "pr.checks.passed";
      return {
        id: draftId(deliveryId, transition.pull_request_id, eventType),
        event_type: eventType,
        priority: failed ? "high" : "medium",
        data: {
          repository,
          pr_id: transition.pull_request_id,
          number: transition.number,
          head_sha: transition.head_sha,
          checks_state: transition.checks_state,
          delivery_id: deliveryId,
        },
      };
    });
}
