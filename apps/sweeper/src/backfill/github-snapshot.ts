import { z } from "zod";
import { checkRunSchema, checkSuiteSchema } from "@hookline/github";
import type { GithubClient } from "@hookline/github-rest";

// The REST shapes backfill reads, checked at the boundary. Check runs and
// suites have the webhook's shape (packages/github); the list of pull
// requests is GitHub's "pull-request-simple": no merged, mergeable, commits…
const timestamp = z.iso.datetime({ offset: true });

export const repositorySchema = z.object({
  id: z.number().int(),
  full_name: z.string(),
  html_url: z.string().nullish(),
});

export const pullRequestSimpleSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  title: z.string(),
  user: z.object({ login: z.string() }).nullish(),
  html_url: z.string().nullish(),
  state: z.enum(["open", "closed"]),
  draft: z.boolean().nullish(),
  merged_at: timestamp.nullish(),
  closed_at: timestamp.nullish(),
  updated_at: timestamp,
  head: z.object({ ref: z.string(), sha: z.string() }),
  base: z.object({ ref: z.string() }),
});

export const commitStatusSchema = z.object({
  id: z.number().int(),
  context: z.string(),
  state: z.enum(["pending", "success", "failure", "error"]),
  description: z.string().nullish(),
  target_url: z.string().nullish(),
  updated_at: timestamp,
});

export type Repository = z.infer<typeof repositorySchema>;
export type PullRequestSimple = z.infer<typeof pullRequestSimpleSchema>;
export type CheckRun = z.infer<typeof checkRunSchema>;
export type CheckSuite = z.infer<typeof checkSuiteSchema>;
export type CommitStatus = z.infer<typeof commitStatusSchema>;

export interface CommitChecks {
  sha: string;
  checkRuns: CheckRun[];
  checkSuites: CheckSuite[];
  /** The newest status per context (GitHub lists every status, superseded ones too, newest first). */
  statuses: CommitStatus[];
}

type Params = Record<string, string | number>;

function repoPath(fullName: string): string {
  const [owner, repo] = fullName.split("/") as [string, string];
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

export async function fetchRepository(client: GithubClient, fullName: string): Promise<Repository> {
  const response = await client.request(`GET ${repoPath(fullName)}`);
  return repositorySchema.parse(response.data);
}

/**
 * Open pull requests, page by page (page numbers, `Link` URLs followed as
 * given). Pull requests opening or closing during the walk shift items
 * between pages, so they are de-duplicated by id.
 */
export async function fetchOpenPullRequests(
  client: GithubClient,
  fullName: string,
  onPage: (page: number, total: number) => void,
): Promise<PullRequestSimple[]> {
  const byId = new Map<number, PullRequestSimple>();
  let page = 0;
  const params: Params = { state: "open", per_page: 100 };
  for await (const response of client.paginate.iterator(
    `GET ${repoPath(fullName)}/pulls`,
    params,
  )) {
    page += 1;
    for (const item of response.data as unknown[]) {
      const pull = pullRequestSimpleSchema.parse(item);
      byId.set(pull.id, pull);
    }
    onPage(page, byId.size);
  }
  return [...byId.values()];
}

/** Check runs, check suites (unwrapped by paginate) and latest statuses of one commit. */
export async function fetchCommitChecks(
  client: GithubClient,
  fullName: string,
  sha: string,
): Promise<CommitChecks> {
  const commit = `${repoPath(fullName)}/commits/${encodeURIComponent(sha)}`;
  const [runs, suites, statuses] = await Promise.all([
    client.paginate(`GET ${commit}/check-runs`, { per_page: 100 }),
    client.paginate(`GET ${commit}/check-suites`, { per_page: 100 }),
    client.paginate(`GET ${commit}/statuses`, { per_page: 100 }),
  ]);
  const latest = new Map<string, CommitStatus>();
  for (const item of statuses as unknown[]) {
    const status = commitStatusSchema.parse(item);
    if (!latest.has(status.context)) latest.set(status.context, status);
  }
  return {
    sha,
    checkRuns: (runs as unknown[]).map((item) => checkRunSchema.parse(item)),
    checkSuites: (suites as unknown[]).map((item) => checkSuiteSchema.parse(item)),
    statuses: [...latest.values()],
  };
}
