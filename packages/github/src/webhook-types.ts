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
export type CheckRunWebhook =
  | Schemas["webhook-check-run-created"]
  | Schemas["webhook-check-run-completed"]
  | Schemas["webhook-check-run-rerequested"];
export type CheckSuiteWebhook =
  | Schemas["webhook-check-suite-requested"]
  | Schemas["webhook-check-suite-rerequested"]
  | Schemas["webhook-check-suite-completed"];
export type BranchProtectionRuleWebhook =
  | Schemas["webhook-branch-protection-rule-created"]
  | Schemas["webhook-branch-protection-rule-edited"]
  | Schemas["webhook-branch-protection-rule-deleted"];
export type RepositoryRulesetWebhook =
  | Schemas["webhook-repository-ruleset-created"]
  | Schemas["webhook-repository-ruleset-edited"]
  | Schemas["webhook-repository-ruleset-deleted"];
export type StatusWebhook = Schemas["webhook-status"];

/** The events hookline handles, by X-GitHub-Event name. */
export interface HandledWebhooks {
  pull_request: PullRequestWebhook;
  check_run: CheckRunWebhook;
  check_suite: CheckSuiteWebhook;
  status: StatusWebhook;
  /** Changes of a repository's required checks: the cache of them is refreshed. */
  branch_protection_rule: BranchProtectionRuleWebhook;
  repository_ruleset: RepositoryRulesetWebhook;
}

export type HandledEventName = keyof HandledWebhooks;
