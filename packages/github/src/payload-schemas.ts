import { z } from "zod";

// Runtime checks for the fields hookline reads. The full payload types come
// from GitHub's OpenAPI definitions (webhook-types.ts); these schemas only
// guarantee at run time what the worker relies on, and say what is missing.
//
// These are also the shapes the worker accepts from anyone who enqueues
// GitHub-shaped events into github-events (a backfill, a replay): the fields
// below are all it reads, and an event is applied by the same rules whoever
// queued it. Numbers that PostgreSQL columns hold (integer pull request
// numbers, bigint ids) are bounded here, so a payload that could never be
// stored fails validation once instead of failing in the database on every retry.
const timestamp = z.iso.datetime({ offset: true });
/** GitHub ids: bigint columns, and exact in a JavaScript number. */
const githubId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Pull request numbers: an integer column. */
const pullRequestNumber = z.number().int().min(0).max(2_147_483_647);

/**
 * The repository the event happened in, keyed by id. name and owner are
 * optional for payloads that carry only full_name ("owner/name").
 */
const repository = z.object({
  id: githubId,
  full_name: z.string(),
  name: z.string().nullish(),
  owner: z.object({ login: z.string() }).nullish(),
  html_url: z.string().nullish(),
});

const sender = z.object({ login: z.string() }).nullish();

export const pullRequestPayloadSchema = z.object({
  action: z.string(),
  repository,
  sender,
  pull_request: z.object({
    id: githubId,
    number: pullRequestNumber,
    title: z.string(),
    user: z.object({ login: z.string() }).nullish(),
    html_url: z.string().nullish(),
    state: z.enum(["open", "closed"]),
    draft: z.boolean().nullish(),
    merged: z.boolean().nullish(),
    merged_at: timestamp.nullish(),
    closed_at: timestamp.nullish(),
    updated_at: timestamp,
    head: z.object({ ref: z.string(), sha: z.string() }),
    base: z.object({ ref: z.string() }),
  }),
});

/**
 * The pull requests a check names. GitHub lists pull requests of other
 * repositories here too (a fork's pull request whose head is the commit), so
 * an entry counts only when its base repository is the event's repository;
 * an entry without base.repo.id cannot be told apart and is dropped.
 */
const linkedPullRequests = z
  .array(
    z.object({
      number: pullRequestNumber,
      base: z.object({ repo: z.object({ id: githubId }).nullish() }).nullish(),
    }),
  )
  .default([]);

/** A check run as webhooks and the REST API (`/commits/{ref}/check-runs`) show it. */
export const checkRunSchema = z.object({
  id: githubId,
  name: z.string(),
  head_sha: z.string(),
  status: z.string(),
  conclusion: z.string().nullish(),
  html_url: z.string().nullish(),
  started_at: timestamp.nullish(),
  completed_at: timestamp.nullish(),
  app: z.object({ slug: z.string().nullish() }).nullish(),
  pull_requests: linkedPullRequests,
});

/** A check suite as webhooks and the REST API (`/commits/{ref}/check-suites`) show it. */
export const checkSuiteSchema = z.object({
  id: githubId,
  /** REST only: a suite GitHub created for an App that made no runs is not shown, nor counted. */
  latest_check_runs_count: z.number().int().nullish(),
  head_sha: z.string(),
  head_branch: z.string().nullish(),
  status: z.string().nullish(),
  conclusion: z.string().nullish(),
  updated_at: timestamp.nullish(),
  app: z.object({ slug: z.string().nullish() }).nullish(),
  pull_requests: linkedPullRequests,
});

/**
 * The pull_request action of a snapshot read from GitHub's REST API by the
 * drift detector to heal a drifted pull request: ranked after every webhook
 * of the same updated_at second (it was read after them). GitHub sends no
 * such action; only hookline's own sweeper queues it.
 */
export const RESYNC_ACTION = "resync";

/** check_run actions that change what hookline stores (requested_action does not). */
export const CHECK_RUN_ACTIONS = ["created", "completed", "rerequested"] as const;
/** check_suite actions that change what hookline stores. */
export const CHECK_SUITE_ACTIONS = ["requested", "rerequested", "completed"] as const;

export const checkRunPayloadSchema = z.object({
  action: z.enum(CHECK_RUN_ACTIONS),
  repository,
  sender,
  check_run: checkRunSchema,
});

export const checkSuitePayloadSchema = z.object({
  action: z.enum(CHECK_SUITE_ACTIONS),
  repository,
  sender,
  check_suite: checkSuiteSchema,
});

export const statusPayloadSchema = z.object({
  id: githubId,
  sha: z.string(),
  context: z.string(),
  state: z.enum(["pending", "success", "failure", "error"]),
  description: z.string().nullish(),
  target_url: z.string().nullish(),
  updated_at: timestamp,
  repository,
  sender,
});

/** branch_protection_rule and repository_ruleset: which repository's required checks changed (read anew by REST). */
export const requiredChecksChangePayloadSchema = z.object({
  action: z.string(),
  repository,
  sender,
});

export type RequiredChecksChangePayload = z.infer<typeof requiredChecksChangePayloadSchema>;
export type PullRequestPayload = z.infer<typeof pullRequestPayloadSchema>;
export type CheckRunPayload = z.infer<typeof checkRunPayloadSchema>;
export type CheckSuitePayload = z.infer<typeof checkSuitePayloadSchema>;
export type StatusPayload = z.infer<typeof statusPayloadSchema>;
