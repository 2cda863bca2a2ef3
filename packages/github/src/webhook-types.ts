import type { components } from "@octokit/openapi-webhooks-types";

// Payload types come from GitHub's OpenAPI webhook definitions, never by hand.
type Schemas = components["schemas"];

type PullRequestSchemaName = Exclude<
  Extract<keyof Schemas, `webhook-pull-request-${string}`>,
  `webhook-pull-request-review${string}`
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
