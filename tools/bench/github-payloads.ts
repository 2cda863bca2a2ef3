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
