import type { StatusPayload } from "@hookline/github";
import type { EventHandler } from "../event-context";
import { applyCommitSignal } from "./apply-commit-signal";

export const handleStatus: EventHandler<StatusPayload> = (tx, context, payload) => {
  const updatedAt = new Date(payload.updated_at);
  return applyCommitSignal(tx, context, {
    repository: payload.repository,
    sha: payload.sha,
    pullRequestNumbers: [],
    trigger: "STATUS",
    githubEventAt: updatedAt,
    sender: payload.sender?.login ?? null,
    // Each status is its own immutable record; the aggregate reads the latest per context.
    store: (tx, deliveryId, sender) =>
      tx.$executeRaw`
      INSERT INTO commit_statuses
        (id, repository_id, sha, context, state, description, target_url, github_updated_at, delivery_id, sender)
      VALUES (${payload.id}, ${payload.repository.id}, ${payload.sha}, ${payload.context}, ${payload.state},
        ${payload.description ?? null}, ${payload.target_url ?? null}, ${updatedAt}, ${deliveryId}, ${sender})
      ON CONFLICT (id) DO NOTHING`.then(() => undefined),
  });
};
