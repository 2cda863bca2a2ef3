import { createHash } from "node:crypto";
import examples from "@octokit/webhooks-examples";

// GitHub's examples are untyped JSON that this file reshapes freely.
/* eslint-disable @typescript-eslint/no-explicit-any */
interface Example {
  name: string;
  examples: Array<Record<string, any>>;
}

type Repo = Record<string, unknown>;

const slimRepo = (repo: Repo): Repo => ({
  id: repo.id,
  node_id: repo.node_id,
  name: repo.name,
  full_name: repo.full_name,
  private: repo.private,
  html_url: repo.html_url,
});

// The repository object minus GitHub's ~40 API URL templates.
const withoutApiUrls = (repo: Repo): Repo =>
  Object.fromEntries(
    Object.entries(repo).filter(([key]) => !key.endsWith("_url") || key === "html_url"),
  );

/**
 * GitHub's own pull_request.opened example trimmed to about 8 KB (nested
 * repositories shortened, API URL templates dropped), re-targeted at
 * pull request `number` of repository `repoId`.
 */
export function pullRequestPayload(
  number = 1,
  repoId = 1_296_269,
  updatedAt = "2026-11-28T10:00:00Z",
): Record<string, any> {
  const opened = (examples as unknown as Example[]).find((entry) => entry.name === "pull_request")!
    .examples[0]!;
  const payload = structuredClone(opened);
  payload.number = number;
  payload.pull_request.number = number;
  payload.pull_request.id = repoId * 100_000 + number;
  payload.pull_request.updated_at = updatedAt;
  // Every pull request on its own commit, as in a real repository.
  payload.pull_request.head.sha = createHash("sha1").update(`${repoId}/${number}`).digest("hex");
  payload.pull_request.head.repo = slimRepo(payload.pull_request.head.repo);
  payload.pull_request.base.repo = slimRepo(payload.pull_request.base.repo);
  payload.repository = withoutApiUrls(payload.repository);
  payload.repository.id = repoId;
  return payload;
}

/**
 * GitHub's check_run (`action`: created, completed, rerequested) or
 * check_suite (completed) example, on the head commit of pull request
 * `number` of repository `repoId` (as pullRequestPayload makes it).
 */
export function checkPayload(
  event: "check_run" | "check_suite",
  action: string,
  number: number,
  repoId = 1_296_269,
  at = "2026-11-28T10:00:00Z",
): Record<string, any> {
  const source = (examples as unknown as Example[]).find((entry) => entry.name === event)!;
  const payload = structuredClone(
    source.examples.find((example) => example.action === "completed")!,
  );
  payload.action = action;
  payload.repository = withoutApiUrls(payload.repository);
  payload.repository.id = repoId;
  const sha = createHash("sha1").update(`${repoId}/${number}`).digest("hex");
  const check = event === "check_run" ? payload.check_run : payload.check_suite;
  Object.assign(check, {
    id: repoId * 100_000 + number,
    head_sha: sha,
    pull_requests: [],
    ...(event === "check_run"
      ? {
          status: action === "created" ? "queued" : "completed",
          conclusion: action === "created" ? null : "success",
          started_at: at,
          completed_at: action === "created" ? null : at,
          check_suite: { id: check.check_suite?.id, head_sha: sha },
        }
      : { updated_at: at, latest_check_runs_count: 1 }),
  });
  return payload;
}
