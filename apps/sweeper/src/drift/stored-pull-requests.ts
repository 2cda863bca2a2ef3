import type { PrismaClient } from "@hookline/db";

/** A stored open pull request, as the drift detector compares it. */
export interface StoredPullRequest {
  id: bigint;
  repositoryId: bigint;
  repository: string;
  /** The stored repository snapshot, sent with heal events so they never rewrite it. */
  repositoryName: string | null;
  repositoryOwner: string | null;
  repositoryUrl: string | null;
  number: number;
  state: string;
  draft: boolean;
  headSha: string;
  baseRef: string;
  checksState: string;
}

/**
 * Up to `limit` stored pull requests that are open or were written in the
 * last day (a pull request wrongly stored as closed is found too), a random
 * sample (so every one is checked over successive runs), of one repository
 * (owner/name) or all.
 */
export async function sampleOpenPullRequests(
  prisma: PrismaClient,
  limit: number,
  repository?: string,
): Promise<StoredPullRequest[]> {
  return prisma.$queryRaw<StoredPullRequest[]>`
    SELECT pr.id, pr.repository_id AS "repositoryId", r.full_name AS repository,
      r.name AS "repositoryName", r.owner AS "repositoryOwner", r.html_url AS "repositoryUrl", pr.number,
      pr.state::TEXT AS state, pr.draft, pr.head_sha AS "headSha", pr.base_ref AS "baseRef",
      pr.checks_state::TEXT AS "checksState"
    FROM pull_requests pr JOIN repositories r ON r.id = pr.repository_id
    WHERE (pr.state = 'OPEN' OR pr.updated_at > now() - INTERVAL '1 day')
      AND (${repository ?? null}::TEXT IS NULL OR r.full_name = ${repository ?? null})
    ORDER BY random() LIMIT ${limit}`;
}

/**
 * GitHub's checks state of a commit from its REST lists, by the rule the
 * worker stores (hookline_checks_verdict), with the base branch's required
 * checks where hookline knows them: one rule for both sides of the comparison.
 */
export async function checksVerdict(
  prisma: PrismaClient,
  lists: { runs: object[]; suites: object[]; statuses: object[] },
  repositoryId: bigint,
  branch: string,
): Promise<string> {
  const [row] = await prisma.$queryRaw<Array<{ verdict: string }>>`
    SELECT hookline_checks_verdict(${JSON.stringify(lists.runs)}::jsonb, ${JSON.stringify(lists.suites)}::jsonb,
      ${JSON.stringify(lists.statuses)}::jsonb,
      (SELECT checks FROM required_checks WHERE repository_id = ${repositoryId} AND branch = ${branch}))::TEXT AS verdict`;
  return row!.verdict;
}
