import type { NotificationDraft } from "@hookline/queue";
import type { Change, ChangedPullRequest, Outbox } from "../apply/apply-contract";

// Deterministic: the same delivery always yields the same job ids, so a
// retried or replayed event never notifies twice.
function draftId(deliveryId: string, pullRequestId: string, eventType: string): string {
  return `${deliveryId}.${pullRequestId}.${eventType}`;
}

/**
 * The pr.* event of a change the database reported (hookline_apply_pull_request
 * decides what changed): pr.created for a pull request stored for the first
 * time (whatever its state), pr.merged, pr.closed or pr.reopened when its
 * state changed, pr.updated when its head, title, base or draft flag did.
 */
export function pullRequestEventType(change: Change, state: ChangedPullRequest["state"]): string {
  if (change === "created") return "pr.created";
  if (change === "updated") return "pr.updated";
  if (state === "MERGED") return "pr.merged";
  return state === "CLOSED" ? "pr.closed" : "pr.reopened";
}

/**
 * The full current state every pr.* notification carries, so a receiver can
 * order them (apply only when `version` is newer than the one it holds) and
 * act on any one alone. docs/receivers.md, "Ordering: the version rule".
 */
function stateData(stored: ChangedPullRequest) {
  return {
    repository: stored.repository,
    pr_id: stored.id,
    number: stored.number,
    title: stored.title,
    state: stored.state,
    draft: stored.draft,
    merged: stored.merged,
    head_sha: stored.head_sha,
    base_ref: stored.base_ref,
    html_url: stored.html_url,
    checks_state: stored.checks_state,
    version: stored.version,
    github_updated_at: stored.github_updated_at,
  };
}

/** The checks event of each aggregate state: no verdict (NONE, PENDING) is pr.checks.pending. */
const CHECKS_EVENT: Record<ChangedPullRequest["checks_state"], string> = {
  SUCCESS: "pr.checks.passed",
  FAILURE: "pr.checks.failed",
  PENDING: "pr.checks.pending",
  NONE: "pr.checks.pending",
};

export interface NotificationContext {
  deliveryId: string;
  sender: string | null;
}

/**
 * The notifications that follow from what applying an event changed (its
 * outbox): per pull request, its pr.* event when its state changed, and
 * pr.checks.failed / pr.checks.passed when its checks state reached a
 * verdict, pr.checks.pending when it lost one. Every change of the version
 * is announced, so a receiver applying the version rule ends with the stored
 * state. An event that changed nothing stored announces nothing.
 */
export function decideNotifications(
  context: NotificationContext,
  outbox: Outbox,
): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  for (const stored of outbox.pull_requests) {
    if (!stored.change) continue;
    const eventType = pullRequestEventType(stored.change, stored.state);
    drafts.push({
      id: draftId(context.deliveryId, stored.id, eventType),
      event_type: eventType,
      priority: "medium",
      data: { ...stateData(stored), sender: context.sender, delivery_id: context.deliveryId },
    });
  }
  for (const stored of outbox.pull_requests) {
    if (!stored.checks_changed) continue;
    const verdict = stored.checks_state === "FAILURE" || stored.checks_state === "SUCCESS";
    // Without a verdict the state is news only when no pr.* event of this
    // delivery already carries it: a verdict withdrawn (a check re-run or
    // added after pr.checks.passed) must reach a receiver that acts on it.
    if (!verdict && stored.change) continue;
    const eventType = CHECKS_EVENT[stored.checks_state];
    drafts.push({
      id: draftId(context.deliveryId, stored.id, eventType),
      event_type: eventType,
      priority: stored.checks_state === "FAILURE" ? "high" : "medium",
      data: {
        ...stateData(stored),
        // Whether the base branch's required checks were known (GitHub API access) and counted.
        required_checks_known: stored.required_checks_known,
        delivery_id: context.deliveryId,
      },
    });
  }
  return drafts;
}
