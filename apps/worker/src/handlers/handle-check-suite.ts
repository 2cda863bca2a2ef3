import type { CheckSuitePayload } from "@hookline/github";
import type { EventHandler } from "../event-context";
import { applyCommitSignal } from "./apply-commit-signal";

export const handleCheckSuite: EventHandler<CheckSuitePayload> = (tx, context, payload) => {
  const suite = payload.check_suite;
  const updatedAt = suite.updated_at ? new Date(suite.updated_at) : null;
  return applyCommitSignal(tx, context, {
    repository: payload.repository,
    sha: suite.head_sha,
    pullRequestNumbers: suite.pull_requests.map((pr) => pr.number),
    trigger: "CHECK_SUITE_COMPLETED",
    githubEventAt: updatedAt ?? new Date(),
    sender: payload.sender?.login ?? null,
    store: (tx, deliveryId, sender) =>
      tx.$executeRaw`
      INSERT INTO check_suites AS stored
        (id, repository_id, head_sha, head_branch, status, conclusion, app_slug, github_updated_at,
         delivery_id, sender, updated_at)
      VALUES (${suite.id}, ${payload.repository.id}, ${suite.head_sha}, ${suite.head_branch ?? null}, ${suite.status ?? null},
        ${suite.conclusion ?? null}, ${suite.app?.slug ?? null}, ${updatedAt}, ${deliveryId}, ${sender}, now())
      ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, conclusion = EXCLUDED.conclusion,
        github_updated_at = EXCLUDED.github_updated_at, delivery_id = EXCLUDED.delivery_id,
        sender = EXCLUDED.sender, updated_at = now()
      WHERE coalesce(stored.github_updated_at, '-infinity') <= coalesce(EXCLUDED.github_updated_at, '-infinity')`.then(
        () => undefined,
      ),
  });
};
