import type { PullRequestPayload } from "@hookline/github";
import type { EventHandler } from "../event-context";
import {
  checksNotifications,
  pullRequestNotification,
} from "../notifications/pull-request-notifications";
import { recomputeChecks } from "../state/checks";
import { linkCommit, lockCommit } from "../state/commit-links";
import { recordHistory } from "../state/history";
import { notificationTypeOf, stateOf, triggerOf } from "../state/pull-request-state";
import { upsertPullRequestSnapshot } from "../state/pull-requests";
import { upsertRepository } from "../state/repositories";

/** Every pull_request action: newest snapshot wins, history keeps them all. */
export const handlePullRequest: EventHandler<PullRequestPayload> = async (tx, context, payload) => {
  const pr = payload.pull_request;
  const state = stateOf(pr);
  await upsertRepository(tx, payload.repository);
  await lockCommit(tx, payload.repository.id, pr.head.sha);
  const stored = await upsertPullRequestSnapshot(tx, payload, state, context.deliveryId);
  await linkCommit(tx, stored.id, payload.repository.id, pr.head.sha);
  await recordHistory(tx, {
    pullRequestId: stored.id,
    deliveryId: context.deliveryId,
    trigger: triggerOf(payload.action),
    toState: state,
    githubEventAt: new Date(pr.updated_at),
    metadata: {
      github_event: "pull_request",
      action: payload.action,
      delivery_id: context.deliveryId,
      sender: payload.sender?.login ?? null,
    },
  });
  // The head may have moved to a commit whose checks arrived first.
  const transitions = await recomputeChecks(tx, [stored.id]);
  const repository = payload.repository.full_name;
  const eventType = notificationTypeOf(payload.action, state);
  const notifications = checksNotifications(context.deliveryId, repository, transitions);
  if (eventType) {
    notifications.unshift(
      pullRequestNotification(context.deliveryId, eventType, {
        repository,
        pullRequestId: stored.id,
        number: pr.number,
        title: pr.title,
        state,
        draft: pr.draft ?? false,
        head_sha: pr.head.sha,
        html_url: pr.html_url ?? null,
        sender: payload.sender?.login ?? null,
      }),
    );
  }
  return { status: "PROCESSED", notifications };
};
