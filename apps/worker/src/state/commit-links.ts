import type { Transaction } from "../event-context";

/**
 * Serialises everything said about one commit: a pull request moving its
 * head to the commit and a check arriving for it must not both miss each
 * other's uncommitted rows. Always taken before any pull request row lock,
 * so lock order is the same everywhere and cannot deadlock.
 */
export async function lockCommit(
  tx: Transaction,
  repositoryId: number | bigint,
  sha: string,
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${repositoryId}:${sha}`}, 0))`;
}

/**
 * Records that `sha` has been the pull request's head. The first time, the
 * checks and statuses already stored for that commit (they arrived before
 * the pull request did) are written into its history, exactly as if they
 * had arrived after it.
 */
export async function linkCommit(
  tx: Transaction,
  pullRequestId: bigint,
  repositoryId: number,
  sha: string,
): Promise<void> {
  const added = await tx.$executeRaw`
    INSERT INTO pull_request_commits (pull_request_id, repository_id, sha)
    VALUES (${pullRequestId}, ${repositoryId}, ${sha}) ON CONFLICT DO NOTHING`;
  if (added === 0) return;
  await tx.$executeRaw`
    INSERT INTO pull_request_events
      (pull_request_id, delivery_id, trigger_event, from_state, to_state, github_event_at, metadata)
    SELECT ${pullRequestId}, signal.delivery_id, signal.trigger::trigger_event, NULL, NULL, signal.at,
      jsonb_build_object('github_event', signal.event, 'action', signal.action,
        'delivery_id', signal.delivery_id, 'sender', signal.sender, 'sha', ${sha}::text)
    FROM (
      SELECT delivery_id, 'CHECK_RUN_COMPLETED' AS trigger, 'check_run' AS event, 'completed' AS action, sender,
        coalesce(completed_at, started_at, created_at) AS at
      FROM check_runs WHERE repository_id = ${repositoryId} AND head_sha = ${sha}
      UNION ALL
      SELECT delivery_id, 'CHECK_SUITE_COMPLETED', 'check_suite', 'completed', sender, coalesce(github_updated_at, created_at)
      FROM check_suites WHERE repository_id = ${repositoryId} AND head_sha = ${sha}
      UNION ALL
      SELECT delivery_id, 'STATUS', 'status', NULL, sender, github_updated_at
      FROM commit_statuses WHERE repository_id = ${repositoryId} AND sha = ${sha}
    ) AS signal
    WHERE signal.delivery_id IS NOT NULL
    ON CONFLICT (delivery_id, pull_request_id) DO NOTHING`;
}

/** Pull requests a check or status on `sha` belongs to: every one that ever had it as head, and those GitHub names. */
export async function pullRequestsForCommit(
  tx: Transaction,
  repositoryId: number,
  sha: string,
  numbers: readonly number[],
): Promise<{ id: bigint }[]> {
  if (numbers.length > 0) {
    // GitHub names them: that makes the commit theirs even before a pull_request event says so.
    await tx.$executeRaw`
      INSERT INTO pull_request_commits (pull_request_id, repository_id, sha)
      SELECT id, repository_id, ${sha} FROM pull_requests
      WHERE repository_id = ${repositoryId} AND number = ANY(${[...numbers]}::int[])
      ON CONFLICT DO NOTHING`;
  }
  return tx.$queryRaw`
    SELECT pull_request_id AS id FROM pull_request_commits
    WHERE repository_id = ${repositoryId} AND sha = ${sha} ORDER BY pull_request_id`;
}
