import { z } from "zod";
import { checkRunSchema, checkSuiteSchema } from "@hookline/github";
import type { GithubClient } from "@hookline/github-rest";
import {
  commitStatusSchema,
  pullRequestSimpleSchema,
  type CommitStatus,
} from "../backfill/github-snapshot";

// What GitHub's REST API says of one pull request and its head commit: the
// pull request (`GET /repos/{o}/{r}/pulls/{n}`, which has `merged`), the
// head's check runs and suites (`/commits/{sha}/check-runs|check-suites`,
// wrapped lists that octokit's paginate unwraps) and its combined status
// (`/commits/{sha}/status`: the latest status per context).

// The full pull request: backfill's "pull-request-simple" plus what only the
// single read has (merged) and the base repository.
export const pullRequestSchema = pullRequestSimpleSchema.extend({
  merged: z.boolean().nullish(),
  base: z.object({
    ref: z.string(),
    repo: z.object({ id: z.number().int(), full_name: z.string() }).nullish(),
  }),
});

// The combined status lists the latest status per context, each shaped as backfill reads them.
const combinedStatusSchema = z.object({ statuses: z.array(commitStatusSchema) });

export type GithubPullRequest = z.infer<typeof pullRequestSchema>;
export type GithubCheckRun = z.infer<typeof checkRunSchema>;
export type GithubCheckSuite = z.infer<typeof checkSuiteSchema>;
export type GithubStatus = CommitStatus;

export interface GithubTruth {
  pullRequest: GithubPullRequest;
  checkRuns: GithubCheckRun[];
  /** Suites with runs only: GitHub creates one per App on every push, and shows those with none nowhere. */
  checkSuites: GithubCheckSuite[];
  statuses: GithubStatus[];
}

/** Requests one read costs at most on one page each: pull, runs, suites, combined status. */
export const REQUESTS_PER_PULL_REQUEST = 4;

function repoPath(fullName: string): string {
  const [owner, repo] = fullName.split("/") as [string, string];
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/** The pull request and its head commit's checks, as GitHub's REST API answers now. */
export async function readGithubTruth(
  client: GithubClient,
  fullName: string,
  number: number,
): Promise<GithubTruth> {
  const response = await client.request(`GET ${repoPath(fullName)}/pulls/${number}`);
  const pullRequest = pullRequestSchema.parse(response.data);
  const commit = `${repoPath(fullName)}/commits/${encodeURIComponent(pullRequest.head.sha)}`;
  const [runs, suites, combined] = await Promise.all([
    client.paginate(`GET ${commit}/check-runs`, { per_page: 100 }),
    client.paginate(`GET ${commit}/check-suites`, { per_page: 100 }),
    client.request(`GET ${commit}/status`, { per_page: 100 }),
  ]);
  return {
    pullRequest,
    checkRuns: (runs as unknown[]).map((item) => checkRunSchema.parse(item)),
    checkSuites: (suites as unknown[])
      .map((item) => checkSuiteSchema.parse(item))
      .filter((suite) => suite.latest_check_runs_count !== 0),
    statuses: combinedStatusSchema.parse(combined.data).statuses,
  };
}
