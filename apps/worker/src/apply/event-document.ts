import type {
  CheckRunPayload,
  CheckSuitePayload,
  PullRequestPayload,
  StatusPayload,
} from "@hookline/github";
import type { IncomingEventJob } from "@hookline/queue";
import { stateOf, triggerOf } from "../state/pull-request-state";
import type { EventDocument } from "./apply-contract";
import { storableKey } from "./storable-text";

export type { EventDocument } from "./apply-contract";

/**
 * What the database function hookline_apply_event receives: the payload
 * validated and reduced to the fields stored, with TypeScript's decisions
 * (state, trigger, which pull requests a check names) already made. Pure:
 * no I/O. Text is made storable (see storable-text.ts) by applyEvent.
 */
type Repository = PullRequestPayload["repository"];
type LinkedPullRequest = CheckRunPayload["check_run"]["pull_requests"][number];

/** The job's attempt as BullMQ counts it, 1-based. */
export interface AttemptInfo {
  attempt: number;
}

function repositoryDocument(repository: Repository) {
  const [owner, name] = repository.full_name.split("/", 2);
  return {
    id: repository.id,
    full_name: repository.full_name,
    name: repository.name ?? name ?? null,
    owner: repository.owner?.login ?? owner ?? null,
    html_url: repository.html_url ?? null,
  };
}

function baseDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  { attempt }: AttemptInfo,
  sender?: { login: string } | null,
) {
  return {
    delivery_id: deliveryKey,
    event: job.event,
    action: job.action,
    received_at: job.receivedAt,
    attempt,
    sender: sender?.login ?? null,
  };
}

/**
 * Numbers of the pull requests a check names that belong to the event's
 * repository: base repository id equal to the event's. GitHub also lists
 * pull requests of forks (and of their base repositories), and numbers are
 * unique only within one repository.
 */
export function ownPullRequestNumbers(
  entries: readonly LinkedPullRequest[],
  repositoryId: number,
): number[] {
  return entries
    .filter((entry) => entry.base?.repo?.id === repositoryId)
    .map((entry) => entry.number);
}

export function ignoredDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
): EventDocument {
  return { ...baseDocument(deliveryKey, job, attempt), kind: "ignored", repository: null };
}

export function pullRequestDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  payload: PullRequestPayload,
): EventDocument {
  const pr = payload.pull_request;
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "pull_request",
    repository: repositoryDocument(payload.repository),
    pull_request: {
      id: pr.id,
      number: pr.number,
      title: pr.title,
      author: pr.user?.login ?? null,
      head_ref: pr.head.ref,
      head_sha: storableKey(pr.head.sha),
      base_ref: pr.base.ref,
      draft: pr.draft ?? false,
      state: stateOf(pr),
      trigger: triggerOf(payload.action),
      html_url: pr.html_url ?? null,
      updated_at: pr.updated_at,
      merged_at: pr.merged_at ?? null,
      closed_at: pr.closed_at ?? null,
    },
  };
}

export function checkRunDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  payload: CheckRunPayload,
): EventDocument {
  const run = payload.check_run;
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "signal",
    repository: repositoryDocument(payload.repository),
    signal: {
      type: "check_run",
      trigger: "CHECK_RUN_COMPLETED",
      id: run.id,
      sha: storableKey(run.head_sha),
      at: run.completed_at ?? run.started_at ?? job.receivedAt,
      numbers: ownPullRequestNumbers(run.pull_requests, payload.repository.id),
      name: run.name,
      status: run.status,
      conclusion: run.conclusion ?? null,
      app_slug: run.app?.slug ?? null,
      html_url: run.html_url ?? null,
      started_at: run.started_at ?? null,
      completed_at: run.completed_at ?? null,
    },
  };
}

export function checkSuiteDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  payload: CheckSuitePayload,
): EventDocument {
  const suite = payload.check_suite;
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "signal",
    repository: repositoryDocument(payload.repository),
    signal: {
      type: "check_suite",
      trigger: "CHECK_SUITE_COMPLETED",
      id: suite.id,
      sha: storableKey(suite.head_sha),
      at: suite.updated_at ?? job.receivedAt,
      numbers: ownPullRequestNumbers(suite.pull_requests, payload.repository.id),
      head_branch: suite.head_branch ?? null,
      status: suite.status ?? null,
      conclusion: suite.conclusion ?? null,
      app_slug: suite.app?.slug ?? null,
      updated_at: suite.updated_at ?? null,
    },
  };
}

export function statusDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  payload: StatusPayload,
): EventDocument {
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "signal",
    repository: repositoryDocument(payload.repository),
    signal: {
      type: "status",
      trigger: "STATUS",
      id: payload.id,
      sha: storableKey(payload.sha),
      at: payload.updated_at,
      // A status names no pull request: it is linked by commit within its repository.
      numbers: [],
      context: storableKey(payload.context),
      state: payload.state,
      description: payload.description ?? null,
      target_url: payload.target_url ?? null,
    },
  };
}
