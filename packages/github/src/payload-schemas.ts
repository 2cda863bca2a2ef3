import { z } from "zod";

// Runtime checks for the fields hookline reads. The full payload types come
// from GitHub's OpenAPI definitions (webhook-types.ts); these schemas only
// guarantee at run time what the worker relies on, and say what is missing.
const timestamp = z.iso.datetime({ offset: true });

const repository = z.object({
  id: z.number().int(),
  full_name: z.string(),
  html_url: z.string().nullish(),
});

const sender = z.object({ login: z.string() }).nullish();

export const pullRequestPayloadSchema = z.object({
  action: z.string(),
  repository,
  sender,
  pull_request: z.object({
    id: z.number().int(),
    number: z.number().int(),
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

const linkedPullRequests = z.array(z.object({ number: z.number().int() })).default([]);

export const checkRunPayloadSchema = z.object({
  action: z.literal("completed"),
  repository,
  sender,
  check_run: z.object({
    id: z.number().int(),
    name: z.string(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: z.string().nullish(),
    html_url: z.string().nullish(),
    started_at: timestamp.nullish(),
    completed_at: timestamp.nullish(),
    app: z.object({ slug: z.string().nullish() }).nullish(),
    pull_requests: linkedPullRequests,
  }),
});

export const checkSuitePayloadSchema = z.object({
  action: z.literal("completed"),
  repository,
  sender,
  check_suite: z.object({
    id: z.number().int(),
    head_sha: z.string(),
    head_branch: z.string().nullish(),
    status: z.string().nullish(),
    conclusion: z.string().nullish(),
    updated_at: timestamp.nullish(),
    app: z.object({ slug: z.string().nullish() }).nullish(),
    pull_requests: linkedPullRequests,
  }),
});

export const statusPayloadSchema = z.object({
  id: z.number().int(),
  sha: z.string(),
  context: z.string(),
  state: z.enum(["pending", "success", "failure", "error"]),
  description: z.string().nullish(),
  target_url: z.string().nullish(),
  updated_at: timestamp,
  repository,
  sender,
});

export type PullRequestPayload = z.infer<typeof pullRequestPayloadSchema>;
export type CheckRunPayload = z.infer<typeof checkRunPayloadSchema>;
export type CheckSuitePayload = z.infer<typeof checkSuitePayloadSchema>;
export type StatusPayload = z.infer<typeof statusPayloadSchema>;
