import type { PullRequestState } from "@hookline/db";
import type { PullRequestPayload } from "@hookline/github";
import type { Transaction } from "../event-context";

export interface StoredPullRequest {
  id: bigint;
  repositoryId: bigint;
  headSha: string;
}

/**
 * Stores the payload's snapshot of the pull request unless a newer one is
 * already stored. "Newer" is GitHub's updated_at, ties broken by delivery id,
 * so any arrival order ends in the same row. Returns the row as stored
 * (the newest snapshot, which may not be this one).
 */
export async function upsertPullRequestSnapshot(
  tx: Transaction,
  payload: PullRequestPayload,
  state: PullRequestState,
  deliveryId: string,
): Promise<StoredPullRequest> {
  const pr = payload.pull_request;
  const rows = await tx.$queryRaw<StoredPullRequest[]>`
    INSERT INTO pull_requests AS stored (
      id, repository_id, number, title, author, head_ref, head_sha, base_ref, draft, state,
      html_url, github_updated_at, state_delivery_id, merged_at, closed_at, updated_at)
    VALUES (
      ${pr.id}, ${payload.repository.id}, ${pr.number}, ${pr.title}, ${pr.user?.login ?? null},
      ${pr.head.ref}, ${pr.head.sha}, ${pr.base.ref}, ${pr.draft ?? false}, ${state}::pull_request_state,
      ${pr.html_url ?? null}, ${new Date(pr.updated_at)}, ${deliveryId},
      ${pr.merged_at ? new Date(pr.merged_at) : null}, ${pr.closed_at ? new Date(pr.closed_at) : null}, now())
    ON CONFLICT (id) DO UPDATE SET
      number = EXCLUDED.number, title = EXCLUDED.title, author = EXCLUDED.author,
      head_ref = EXCLUDED.head_ref, head_sha = EXCLUDED.head_sha, base_ref = EXCLUDED.base_ref,
      draft = EXCLUDED.draft, state = EXCLUDED.state, html_url = EXCLUDED.html_url,
      github_updated_at = EXCLUDED.github_updated_at, state_delivery_id = EXCLUDED.state_delivery_id,
      merged_at = EXCLUDED.merged_at, closed_at = EXCLUDED.closed_at, updated_at = now()
    WHERE (stored.github_updated_at, coalesce(stored.state_delivery_id, ''))
        < (EXCLUDED.github_updated_at, EXCLUDED.state_delivery_id)
    RETURNING id, repository_id AS "repositoryId", head_sha AS "headSha"`;
  if (rows[0]) return rows[0];
  // An older snapshot changed nothing; the conflict still locked the row for us.
  const current = await tx.$queryRaw<StoredPullRequest[]>`
    SELECT id, repository_id AS "repositoryId", head_sha AS "headSha" FROM pull_requests WHERE id = ${pr.id}`;
  return current[0]!;
}
