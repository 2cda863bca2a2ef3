import type { components } from "@octokit/openapi-webhooks-types";

// Payload types come from GitHub's OpenAPI webhook definitions, never by hand.
type Schemas = components["schemas"];

// pull_request_review, pull_request_review_comment and
// pull_request_review_thread are separate events sharing the name prefix;
// review_requested and review_request_removed are pull_request actions.
type PullRequestSchemaName = Exclude<
  Extract<keyof Schemas, `webhook-pull-request-${string}`>,
  | `webhook-pull-request-review-comment-${string}`
  | `webhook-pull-request-review-thread-${string}`
  | "webhook-pull-request-review-submitted"
  | "webhook-pull-request-review-edited"
  | "webhook-pull-request-review-dismissed"
>;

export type PullRequestWebhook = Schemas[PullRequestSchemaName];
export type PullRequestAction = PullRequestWebhook["action"];
export type CheckRunCompletedWebhook = Schemas["webhook-check-run-completed"];
export type CheckSuiteCompletedWebhook = Schemas["webhook-check-suite-completed"];
export type StatusWebhook = Schemas["webhook-status"];

/** The events hookline handles, by X-GitHub-Event name. */
export interface HandledWebhooks {
  pull_request: PullRequestWebhook;
  check_run: CheckRunCompletedWebhook;
  check_suite: CheckSuiteCompletedWebhook;
  status: StatusWebhook;
}

export type HandledEventName = keyof HandledWebhooks;
