import type { CheckRunPayload } from "@hookline/github";
import type { EventHandler } from "../event-context";
import { applyCommitSignal } from "./apply-commit-signal";

export const handleCheckRun: EventHandler<CheckRunPayload> = (tx, context, payload) => {
  const run = payload.check_run;
  const completedAt = run.completed_at ? new Date(run.completed_at) : null;
  return applyCommitSignal(tx, context, {
    repository: payload.repository,
    sha: run.head_sha,
    pullRequestNumbers: run.pull_requests.map((pr) => pr.number),
    trigger: "CHECK_RUN_COMPLETED",
    githubEventAt: completedAt ?? new Date(run.started_at ?? Date.now()),
    sender: payload.sender?.login ?? null,
    // A later completion of the same run (a re-run keeps the id) wins, in any arrival order.
    store: (tx, deliveryId, sender) =>
      tx.$executeRaw`
      INSERT INTO check_runs AS stored
        (id, repository_id, head_sha, name, status, conclusion, app_slug, html_url, started_at, completed_at,
         delivery_id, sender, updated_at)
      VALUES (${run.id}, ${payload.repository.id}, ${run.head_sha}, ${run.name}, ${run.status}, ${run.conclusion ?? null},
        ${run.app?.slug ?? null}, ${run.html_url ?? null}, ${run.started_at ? new Date(run.started_at) : null}, ${completedAt},
        ${deliveryId}, ${sender}, now())
      ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, conclusion = EXCLUDED.conclusion,
        started_at = EXCLUDED.started_at, completed_at = EXCLUDED.completed_at,
        delivery_id = EXCLUDED.delivery_id, sender = EXCLUDED.sender, updated_at = now()
      WHERE coalesce(stored.completed_at, '-infinity') <= coalesce(EXCLUDED.completed_at, '-infinity')`.then(
        () => undefined,
      ),
  });
};
