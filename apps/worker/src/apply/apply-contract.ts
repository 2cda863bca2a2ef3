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
    trigger: z.literal("CHECK_RUN_COMPLETED"),
    name: z.string(),
    status: z.string(),
    conclusion: z.string().nullable(),
    app_slug: z.string().nullable(),
    html_url: z.string().nullable(),
    started_at: timestamp.nullable(),
    completed_at: timestamp.nullable(),
  }),
  z.object({
    ...signalBase,
    type: z.literal("check_suite"),
    trigger: z.literal("CHECK_SUITE_COMPLETED"),
    head_branch: z.string().nullable(),
    status: z.string().nullable(),
    conclusion: z.string().nullable(),
    app_slug: z.string().nullable(),
    updated_at: timestamp.nullable(),
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
]);

export type EventDocument = z.infer<typeof eventDocumentSchema>;

/** A pull request's stored state, as a notification reports it. */
export const storedPullRequestSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  repository: z.string(),
  state,
  draft: z.boolean(),
  head_sha: z.string(),
  title: z.string(),
  base_ref: z.string(),
  html_url: z.string().nullable(),
});

/** The stored state an event changed: `before` null when the pull request is new. */
export const pullRequestChangeSchema = z.object({
  before: storedPullRequestSchema
    .pick({ state: true, draft: true, head_sha: true, title: true, base_ref: true })
    .nullable(),
  after: storedPullRequestSchema,
});

/** A pull request whose stored aggregate checks state changed. */
export const checksTransitionSchema = z.object({
  pull_request_id: z.string(),
  number: z.number().int(),
  /** Stored full name; absent in outboxes written before it was added. */
  repository: z.string().optional(),
  head_sha: z.string(),
  checks_state: checksState,
});

/** What applying changed; kept as the delivery's outbox, from which its notifications are built. */
export const outboxSchema = z.object({
  pull_request: pullRequestChangeSchema.nullish(),
  checks: z.array(checksTransitionSchema).default([]),
});

/** The output of hookline_apply_event. */
export const applyResultSchema = z.object({
  /** An earlier attempt already applied this delivery; nothing was changed now. */
  duplicate: z.boolean(),
  outbox: outboxSchema,
});

export type PullRequestChange = z.infer<typeof pullRequestChangeSchema>;
export type ChecksTransition = z.infer<typeof checksTransitionSchema>;
export type Outbox = z.infer<typeof outboxSchema>;
export type ApplyResult = z.infer<typeof applyResultSchema>;
