import type { PullRequestState, TriggerEvent } from "@hookline/db";
import type { PullRequestAction, PullRequestPayload } from "@hookline/github";

/** The state a pull_request payload's snapshot shows. */
export function stateOf(pullRequest: PullRequestPayload["pull_request"]): PullRequestState {
  if (pullRequest.merged || pullRequest.merged_at) return "MERGED";
  return pullRequest.state === "closed" ? "CLOSED" : "OPEN";
}

// Keyed by GitHub's OpenAPI action union: an action GitHub adds later fails
// to compile here until someone decides what it means.
const TRIGGER_BY_ACTION: Record<PullRequestAction, TriggerEvent> = {
  opened: "OPENED",
  synchronize: "SYNCHRONIZE",
  closed: "CLOSED",
  reopened: "REOPENED",
  edited: "EDITED",
  ready_for_review: "READY_FOR_REVIEW",
  converted_to_draft: "CONVERTED_TO_DRAFT",
  assigned: "ASSIGNED",
  unassigned: "UNASSIGNED",
  labeled: "LABELED",
  unlabeled: "UNLABELED",
  locked: "LOCKED",
  unlocked: "UNLOCKED",
  review_requested: "REVIEW_REQUESTED",
  review_request_removed: "REVIEW_REQUEST_REMOVED",
  auto_merge_enabled: "AUTO_MERGE_ENABLED",
  auto_merge_disabled: "AUTO_MERGE_DISABLED",
  enqueued: "ENQUEUED",
  dequeued: "DEQUEUED",
  milestoned: "MILESTONED",
  demilestoned: "DEMILESTONED",
  stacked: "OTHER",
};

export function triggerOf(action: string): TriggerEvent {
  return (TRIGGER_BY_ACTION as Record<string, TriggerEvent>)[action] ?? "OTHER";
}
