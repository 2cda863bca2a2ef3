import type { NotificationDraft } from "@hookline/queue";
import type { ChecksTransition, Outbox, PullRequestChange } from "../apply/apply-contract";

// Deterministic: the same delivery always yields the same job ids, so a
// retried or replayed event never notifies twice.
function draftId(deliveryId: string, pullRequestId: string, eventType: string): string {
  return `${deliveryId}.${pullRequestId}.${eventType}`;
}

/**
 * Which pr.* event a change of the stored state is: pr.created for a pull
 * request stored for the first time (whatever its state), pr.merged,
 * pr.closed or pr.reopened when the state changed, pr.updated when only the
 * head, title, base or draft flag did. No change, no event.
 */
export function pullRequestEventType(change: PullRequestChange): string | undefined {
  const { before, after } = change;
  if (!before) return "pr.created";
  if (before.state !== after.state) {
    if (after.state === "MERGED") return "pr.merged";
    if (after.state === "CLOSED") return "pr.closed";
    return "pr.reopened";
  }
  const updated =
    before.head_sha !== after.head_sha ||
    before.title !== after.title ||
    before.base_ref !== after.base_ref ||
    before.draft !== after.draft;
  return updated ? "pr.updated" : undefined;
}

function pullRequestNotifications(
  deliveryId: string,
  sender: string | null,
  change: PullRequestChange | null | undefined,
): NotificationDraft[] {
  if (!change) return [];
  const eventType = pullRequestEventType(change);
  if (!eventType) return [];
  const stored = change.after;
  return [
    {
      id: draftId(deliveryId, stored.id, eventType),
      event_type: eventType,
      priority: "medium",
      data: {
        repository: stored.repository,
        pr_id: stored.id,
        number: stored.number,
        title: stored.title,
        state: stored.state,
        draft: stored.draft,
        head_sha: stored.head_sha,
        base_ref: stored.base_ref,
        html_url: stored.html_url,
        sender,
        delivery_id: deliveryId,
      },
    },
  ];
}

/** pr.checks.failed / pr.checks.passed when a pull request's stored aggregate reaches a verdict. */
function checksNotifications(
  deliveryId: string,
  fallbackRepository: string | null,
  transitions: readonly ChecksTransition[],
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
          repository: transition.repository ?? fallbackRepository,
          pr_id: transition.pull_request_id,
          number: transition.number,
          head_sha: transition.head_sha,
          checks_state: transition.checks_state,
          delivery_id: deliveryId,
        },
      };
    });
}

export interface NotificationContext {
  deliveryId: string;
  sender: string | null;
  /** The event's repository name, for outboxes written before the stored one was kept. */
  repository: string | null;
}

/**
 * The notifications that follow from what applying an event changed (its
 * outbox), each carrying the stored state: an event that changed nothing
 * stored — a late, older snapshot or check result — announces nothing.
 */
export function decideNotifications(
  context: NotificationContext,
  outbox: Outbox,
): NotificationDraft[] {
  return [
    ...pullRequestNotifications(context.deliveryId, context.sender, outbox.pull_request),
    ...checksNotifications(context.deliveryId, context.repository, outbox.checks),
  ];
}
