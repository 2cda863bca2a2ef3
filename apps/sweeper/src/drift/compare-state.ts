import type { GithubPullRequest } from "./github-pull-request";
import type { StoredPullRequest } from "./stored-pull-requests";

/** The fields compared, as hookline_state_drift_total{field} names them. */
export type DriftField = "state" | "draft" | "head_sha" | "checks_state";

export interface Difference {
  field: DriftField;
  stored: string | boolean;
  github: string | boolean;
}

/** The state hookline stores for a pull request GitHub shows (the worker's stateOf). */
export function githubState(pullRequest: GithubPullRequest): string {
  if (pullRequest.merged || pullRequest.merged_at) return "MERGED";
  return pullRequest.state === "closed" ? "CLOSED" : "OPEN";
}

/** Where the stored pull request differs from GitHub's answer; empty when it does not. */
export function compareState(
  stored: StoredPullRequest,
  github: { pullRequest: GithubPullRequest; checksState: string },
): Difference[] {
  const pairs: Array<[DriftField, string | boolean, string | boolean]> = [
    ["state", stored.state, githubState(github.pullRequest)],
    ["draft", stored.draft, github.pullRequest.draft ?? false],
    ["head_sha", stored.headSha, github.pullRequest.head.sha],
    ["checks_state", stored.checksState, github.checksState],
  ];
  return pairs
    .filter(([, mine, theirs]) => mine !== theirs)
    .map(([field, mine, theirs]) => ({ field, stored: mine, github: theirs }));
}
