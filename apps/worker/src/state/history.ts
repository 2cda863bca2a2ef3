import type { PullRequestState, TriggerEvent } from "@hookline/db";
import type { Transaction } from "../event-context";

export interface HistoryEntry {
  pullRequestId: bigint;
  deliveryId: string;
  trigger: TriggerEvent;
  /** The state the event's snapshot shows; null for check and status events. */
  toState: PullRequestState | null;
  githubEventAt: Date;
  metadata: Record<string, unknown>;
}

/**
 * Appends an event to the pull request's history. History is ordered by
 * GitHub time (ties by delivery id), whatever order events arrive in:
 * from_state is the state of the previous state-bearing event in that order,
 * and the event after this one has its from_state re-pointed at this one.
 * Callers hold the pull request's row lock, so the chain is never raced.
 */
export async function recordHistory(tx: Transaction, entry: HistoryEntry): Promise<void> {
  const { pullRequestId, deliveryId, trigger, toState, githubEventAt } = entry;
  const inserted = await tx.$executeRaw`
    INSERT INTO pull_request_events
      (pull_request_id, delivery_id, trigger_event, from_state, to_state, github_event_at, metadata)
    SELECT ${pullRequestId}, ${deliveryId}, ${trigger}::trigger_event,
      CASE WHEN ${toState}::pull_request_state IS NULL THEN NULL ELSE (
        SELECT to_state FROM pull_request_events
        WHERE pull_request_id = ${pullRequestId} AND to_state IS NOT NULL
          AND (github_event_at, delivery_id) < (${githubEventAt}, ${deliveryId})
        ORDER BY github_event_at DESC, delivery_id DESC LIMIT 1) END,
      ${toState}::pull_request_state, ${githubEventAt}, ${JSON.stringify(entry.metadata)}::jsonb
    ON CONFLICT (delivery_id, pull_request_id) DO NOTHING`;
  if (inserted === 0 || toState === null) return;
  await tx.$executeRaw`
    UPDATE pull_request_events SET from_state = ${toState}::pull_request_state
    WHERE id = (
      SELECT id FROM pull_request_events
      WHERE pull_request_id = ${pullRequestId} AND to_state IS NOT NULL
        AND (github_event_at, delivery_id) > (${githubEventAt}, ${deliveryId})
      ORDER BY github_event_at, delivery_id LIMIT 1)`;
}
