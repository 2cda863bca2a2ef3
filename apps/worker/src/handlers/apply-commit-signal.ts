import type { TriggerEvent } from "@hookline/db";
import type { EventContext, EventEffects, Transaction } from "../event-context";
import { checksNotifications } from "../notifications/pull-request-notifications";
import { recomputeChecks } from "../state/checks";
import { lockCommit, pullRequestsForCommit } from "../state/commit-links";
import { recordHistory } from "../state/history";
import { upsertRepository, type RepositoryRef } from "../state/repositories";

/** A check run, check suite or status: something said about one commit. */
export interface CommitSignal {
  repository: RepositoryRef;
  sha: string;
  /** Pull request numbers GitHub named in the payload, if any. */
  pullRequestNumbers: readonly number[];
  trigger: TriggerEvent;
  githubEventAt: Date;
  sender: string | null;
  /** Stores the signal's own row (check_runs, check_suites or commit_statuses) with this delivery id and sender. */
  store: (tx: Transaction, deliveryId: string, sender: string | null) => Promise<void>;
}

/**
 * Shared by the three signal handlers: store the signal, note it in the
 * history of every pull request it belongs to, recompute their checks.
 */
export async function applyCommitSignal(
  tx: Transaction,
  context: EventContext,
  signal: CommitSignal,
): Promise<EventEffects> {
  await upsertRepository(tx, signal.repository);
  await lockCommit(tx, signal.repository.id, signal.sha);
  await signal.store(tx, context.deliveryId, signal.sender);
  const pullRequests = await pullRequestsForCommit(
    tx,
    signal.repository.id,
    signal.sha,
    signal.pullRequestNumbers,
  );
  for (const pr of pullRequests) {
    await recordHistory(tx, {
      pullRequestId: pr.id,
      deliveryId: context.deliveryId,
      trigger: signal.trigger,
      toState: null,
      githubEventAt: signal.githubEventAt,
      // Same keys as linkCommit writes when the pull request shows up later.
      metadata: {
        github_event: context.event,
        action: context.action,
        delivery_id: context.deliveryId,
        sender: signal.sender,
        sha: signal.sha,
      },
    });
  }
  const transitions = await recomputeChecks(
    tx,
    pullRequests.map((pr) => pr.id),
  );
  return {
    status: "PROCESSED",
    notifications: checksNotifications(
      context.deliveryId,
      signal.repository.full_name,
      transitions,
    ),
  };
}
