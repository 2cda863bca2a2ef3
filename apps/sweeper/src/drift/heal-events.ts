import { RESYNC_ACTION } from "@hookline/github";
import { GITHUB_SOURCE, type IncomingEventJob } from "@hookline/queue";
import type { GithubTruth } from "./github-pull-request";

interface Repository {
  id: number;
  full_name: string;
  name: string | null;
  owner: { login: string } | null;
  html_url: string | null;
}

/**
 * The events that heal a drifted pull request: GitHub's REST answer in the
 * webhooks' shapes, applied by the worker through the same rules as any
 * delivery and as backfill. The pull request goes in as a RESYNC_ACTION
 * snapshot at its own updated_at, which ranks it after the webhooks of that
 * second it was read after, and before any newer one (a newer webhook still
 * wins); runs and suites as their status says (created or completed,
 * requested or completed), statuses as they are. Delivery ids are new per
 * run (`resync-<run>-…`), so a second heal of the same answer is applied too.
 */
export function healEvents(
  run: string,
  repository: Repository,
  truth: GithubTruth,
  receivedAt: string,
): IncomingEventJob[] {
  const job = (
    kind: string,
    id: number,
    event: string,
    action: string | null,
    payload: object,
  ) => ({
    source: GITHUB_SOURCE,
    deliveryId: `resync-${run}-${kind}-${id}`,
    event,
    action,
    receivedAt,
    body: JSON.stringify(payload),
  });
  const base = { repository, sender: null };
  const pull = truth.pullRequest;
  return [
    job("pull_request", pull.id, "pull_request", RESYNC_ACTION, {
      ...base,
      action: RESYNC_ACTION,
      pull_request: { ...pull, merged: pull.merged ?? pull.merged_at != null },
    }),
    ...truth.checkRuns.map((run) => {
      const action = run.status === "completed" ? "completed" : "created";
      return job("check_run", run.id, "check_run", action, { ...base, action, check_run: run });
    }),
    ...truth.checkSuites.map((suite) => {
      const action = suite.status === "completed" ? "completed" : "requested";
      return job("check_suite", suite.id, "check_suite", action, {
        ...base,
        action,
        check_suite: suite,
      });
    }),
    ...truth.statuses.map((status) =>
      job("status", status.id, "status", null, { ...base, ...status, sha: pull.head.sha }),
    ),
  ];
}
