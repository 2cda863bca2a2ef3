import type { ChecksState } from "@hookline/db";
import type { Transaction } from "../event-context";

// One row per signal on a commit: the latest run per check name and app,
// the latest suite per app, the latest status per context. Any failure
// fails the commit; otherwise anything unfinished keeps it pending.
// ($1 = repository id, $2 = commit SHA; positional parameters, never interpolated.)
const CHECKS_STATE_OF_COMMIT = `WITH signals AS (
     SELECT CASE WHEN r.status <> 'completed' THEN 'pending'
                 WHEN r.conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                 ELSE 'failure' END AS outcome
     FROM (SELECT DISTINCT ON (name, coalesce(app_slug, '')) status, conclusion FROM check_runs
           WHERE repository_id = $1 AND head_sha = $2
           ORDER BY name, coalesce(app_slug, ''), completed_at DESC NULLS LAST, id DESC) r
     UNION ALL
     SELECT CASE WHEN s.conclusion IS NULL THEN 'pending'
                 WHEN s.conclusion IN ('success', 'neutral', 'skipped') THEN 'success'
                 ELSE 'failure' END
     FROM (SELECT DISTINCT ON (coalesce(app_slug, '')) conclusion FROM check_suites
           WHERE repository_id = $1 AND head_sha = $2
           ORDER BY coalesce(app_slug, ''), github_updated_at DESC NULLS LAST, id DESC) s
     UNION ALL
     SELECT CASE c.state WHEN 'success' THEN 'success' WHEN 'pending' THEN 'pending' ELSE 'failure' END
     FROM (SELECT DISTINCT ON (context) state FROM commit_statuses
           WHERE repository_id = $1 AND sha = $2
           ORDER BY context, github_updated_at DESC, id DESC) c)
   SELECT CASE WHEN bool_or(outcome = 'failure') THEN 'FAILURE'
               WHEN bool_or(outcome = 'pending') THEN 'PENDING'
               WHEN count(*) > 0 THEN 'SUCCESS' ELSE 'NONE' END AS state
   FROM signals`;

export interface ChecksTransition {
  pullRequestId: bigint;
  number: number;
  headSha: string;
  checksState: ChecksState;
}

/**
 * Recomputes the aggregate checks state of the given pull requests from
 * their current head commit and returns those whose state changed.
 */
export async function recomputeChecks(
  tx: Transaction,
  pullRequestIds: readonly bigint[],
): Promise<ChecksTransition[]> {
  const changed: ChecksTransition[] = [];
  for (const id of [...pullRequestIds].sort()) {
    const rows = await tx.$queryRaw<{ repositoryId: bigint; headSha: string }[]>`
      SELECT repository_id AS "repositoryId", head_sha AS "headSha" FROM pull_requests WHERE id = ${id} FOR UPDATE`;
    const pr = rows[0];
    if (!pr) continue;
    const [{ state }] = (await tx.$queryRawUnsafe(
      CHECKS_STATE_OF_COMMIT,
      pr.repositoryId,
      pr.headSha,
    )) as [{ state: ChecksState }];
    const updated = await tx.$queryRaw<{ number: number }[]>`
      UPDATE pull_requests SET checks_state = ${state}::checks_state, updated_at = now()
      WHERE id = ${id} AND checks_state <> ${state}::checks_state RETURNING number`;
    if (updated[0])
      changed.push({
        pullRequestId: id,
        number: updated[0].number,
        headSha: pr.headSha,
        checksState: state,
      });
  }
  return changed;
}
