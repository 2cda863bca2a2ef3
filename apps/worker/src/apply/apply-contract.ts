import { z } from "zod";

// The contract with the database function hookline_apply_event
// (prisma/functions/hookline_apply_event.sql): what it receives and what it
// returns, parsed on both sides of the call.

const timestamp = z.iso.datetime({ offset: true });
const state = z.enum(["OPEN", "CLOSED", "MERGED"]);
const checksState = z.enum(["NONE", "PENDING", "SUCCESS", "FAILURE"]);

/** The repository snapshot an event carries; `at` orders snapshots (GitHub time of the event). */
export const repositoryDocumentSchema = z.object({
  id: z.number().int(),
  full_name: z.string(),
  name: z.string().nullable(),
  owner: z.string().nullable(),
  html_url: z.string().nullable(),
});

export const pullRequestDocumentSchema = z.object({
  id: z.number().int(),
  number: z.number().int(),
  title: z.string(),
  author: z.string().nullable(),
  head_ref: z.string(),
  head_sha: z.string(),
  base_ref: z.string(),
  draft: z.boolean(),
  state,
  trigger: z.string(),
  html_url: z.string().nullable(),
  updated_at: timestamp,
  /** Order within one updated_at second (hookline_apply_pull_request): 0 opened, 1 other, 2 merged, 3 REST read. */
  rank: z.number().int().min(0).max(3),
  merged_at: timestamp.nullable(),
  closed_at: timestamp.nullable(),
});

const signalBase = {
  id: z.number().int(),
  sha: z.string(),
  /** GitHub time of the result: orders it against others and the repository snapshot. */
  at: timestamp,
  /** Pull requests of the event's own repository the event names (never a fork's). */
  numbers: z.array(z.number().int()),
};

/** A check run, check suite or status, reduced to its stored columns. */
export const signalDocumentSchema = z.discriminatedUnion("type", [
  z.object({
    ...signalBase,
    type: z.literal("check_run"),
    trigger: z.enum(["CHECK_RUN_CREATED", "CHECK_RUN_COMPLETED", "CHECK_RUN_REREQUESTED"]),
    name: z.string(),
    status: z.string(),
    conclusion: z.string().nullable(),
    app_slug: z.string().nullable(),
    html_url: z.string().nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
    /** This version of the run: (order_at, order_rank), rank 0 queued, 1 in progress, 2 completed, 3 re-requested. */
    order_at: timestamp,
    order_rank: z.number().int().min(0).max(3),
  }),
  z.object({
    ...signalBase,
    type: z.literal("check_suite"),
    trigger: z.enum(["CHECK_SUITE_REQUESTED", "CHECK_SUITE_COMPLETED", "CHECK_SUITE_REREQUESTED"]),
    head_branch: z.string().nullable(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    app_slug: z.string().nullable(),
    updated_at: timestamp.nullable(),
    /** At one updated_at: 0 requested, 1 completed, 2 re-requested. */
    order_rank: z.number().int().min(0).max(2),
  }),
  z.object({
    ...signalBase,
    type: z.literal("status"),
    trigger: z.literal("STATUS"),
    context: z.string(),
    state: z.string(),
    description: z.string().nullable(),
    target_url: z.string().nullable(),
  }),
]);

const base = {
  delivery_id: z.string(),
  event: z.string(),
  action: z.string().nullable(),
  received_at: timestamp,
  /** The job's attempt, 1-based, as BullMQ counts it. */
  attempt: z.number().int().min(1),
  sender: z.string().nullable(),
  /** SHA-256 (hex) of the signed body: the last, id-independent tie-break of snapshots. */
  body_sha256: z.string(),
  /** Required checks of the repository's branches, read from GitHub's REST API for this event. */
  required_checks: z
    .array(
      z.object({
        branch: z.string(),
        checks: z.array(z.object({ context: z.string(), app_id: z.number().int().nullable() })),
      }),
    )
    .optional(),
};

/** The input of hookline_apply_event. */
export const eventDocumentSchema = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("ignored"), repository: z.null() }),
  z.object({
    ...base,
    kind: z.literal("pull_request"),
    repository: repositoryDocumentSchema,
    pull_request: pullRequestDocumentSchema,
  }),
  z.object({
    ...base,
    kind: z.literal("signal"),
    repository: repositoryDocumentSchema,
    signal: signalDocumentSchema,
  }),
  /** branch_protection_rule / repository_ruleset: the repository's required checks changed. */
  z.object({ ...base, kind: z.literal("required_checks"), repository: repositoryDocumentSchema }),
]);

export type EventDocument = z.infer<typeof eventDocumentSchema>;

/** What changed a pull request's stored state (decided in SQL, hookline_apply_pull_request). */
export const changeSchema = z.enum(["created", "state", "updated"]);

/**
 * A pull request whose stored state an event changed, with its full current
 * state as of commit (hookline_outbox): what every pr.* notification carries.
 */
export const changedPullRequestSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  repository: z.string(),
  title: z.string(),
  state,
  draft: z.boolean(),
  merged: z.boolean(),
  head_sha: z.string(),
  base_ref: z.string(),
  html_url: z.string().nullable(),
  checks_state: checksState,
  required_checks_known: z.boolean(),
  /** Raised by every change of this state, in the same transaction: receivers order by it. */
  version: z.coerce.number().int(),
  github_updated_at: z.string().transform((value) => new Date(value).toISOString()),
  change: changeSchema.nullable(),
  checks_changed: z.boolean(),
});

/**
 * What applying changed; kept as the delivery's outbox, from which its
 * notifications are built. Outboxes written before versions existed read
 * as empty: a retry of such a delivery re-sends nothing.
 */
export const outboxSchema = z.object({
  pull_requests: z.array(changedPullRequestSchema).default([]),
});

/** The output of hookline_apply_event. */
export const applyResultSchema = z.object({
  /** An earlier attempt already applied this delivery; nothing was changed now. */
  duplicate: z.boolean(),
  outbox: outboxSchema,
});

export type Change = z.infer<typeof changeSchema>;
export type ChangedPullRequest = z.infer<typeof changedPullRequestSchema>;
export type Outbox = z.infer<typeof outboxSchema>;
export type ApplyResult = z.infer<typeof applyResultSchema>;
