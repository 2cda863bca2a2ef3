import type { GithubClient } from "@hookline/github-rest";
import { readRequiredChecks } from "@hookline/github-rest";
import type { Logger } from "@hookline/observability";
import type { Pool } from "pg";
import type { EventDocument } from "../apply/apply-contract";

/** Adds the required checks an event needs read from GitHub to its document; the document itself otherwise. */
export type RequiredChecksReader = (document: EventDocument) => Promise<EventDocument>;

export interface RequiredChecksDeps {
  client: GithubClient;
  pool: Pool;
  /** Cached this long (ms): a pull_request event of an older entry reads them again. */
  maxAgeMs: number;
  logger: Logger;
}

/** Without GitHub API access nothing is read: the checks state is what the commit reports. */
export const noRequiredChecks: RequiredChecksReader = async (document) => document;

/**
 * The worker's step between plan and apply, where GitHub API access is
 * configured: for a pull_request event whose base branch's required checks
 * are unknown or older than `maxAgeMs`, and for every branch hookline keeps
 * of a repository whose branch_protection_rule / repository_ruleset changed,
 * reads branch protection and rulesets through the project's octokit client
 * and puts them in the document, so the apply stores them in the same
 * transaction. GitHub unreachable or refusing (no permission) leaves the
 * cache as it is, with a warning: the event is applied all the same.
 */
export function createRequiredChecksReader(deps: RequiredChecksDeps): RequiredChecksReader {
  const fresh = async (repositoryId: number, branch: string) => {
    const { rows } = await deps.pool.query<{ fresh: boolean }>(
      "SELECT fetched_at > now() - make_interval(secs => $3) AS fresh FROM required_checks WHERE repository_id = $1 AND branch = $2",
      [repositoryId, branch, deps.maxAgeMs / 1000],
    );
    return rows[0]?.fresh === true;
  };
  const known = async (repositoryId: number) => {
    const { rows } = await deps.pool.query<{ branch: string }>(
      "SELECT branch FROM required_checks WHERE repository_id = $1 ORDER BY branch",
      [repositoryId],
    );
    return rows.map((row) => row.branch);
  };
  return async (document) => {
    if (document.kind !== "pull_request" && document.kind !== "required_checks") return document;
    const repository = document.repository;
    try {
      const branches =
        document.kind === "pull_request"
          ? (await fresh(repository.id, document.pull_request.base_ref))
            ? []
            : [document.pull_request.base_ref]
          : await known(repository.id);
      if (branches.length === 0) return document;
      const required = [];
      for (const branch of branches)
        required.push({
          branch,
          checks: await readRequiredChecks(deps.client, repository.full_name, branch),
        });
      return { ...document, required_checks: required };
    } catch (error) {
      deps.logger.warn("required checks not read from GitHub; the cached ones stay", {
        repository: repository.full_name,
        delivery_id: document.delivery_id,
        error: error instanceof Error ? error.message : String(error),
      });
      return document;
    }
  };
}
