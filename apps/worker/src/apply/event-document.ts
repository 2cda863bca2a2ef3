import type {
  CheckRunPayload,
  CheckSuitePayload,
  PullRequestPayload,
  StatusPayload,
} from "@hookline/github";
import type { IncomingEventJob } from "@hookline/queue";
import { stateOf, triggerOf } from "../state/pull-request-state";

/**
 * What the database function hookline_apply_event (see the migration
 * apply_event_functions) receives: the payload validated and reduced to the
 * fields stored, with TypeScript's decisions (state, trigger) already made.
 */
export type EventDocument = ReturnType<typeof baseDocument> &
  (
    | { kind: "ignored" }
    | { kind: "pull_request"; pull_request: object }
    | { kind: "signal"; signal: object }
  );

interface RepositoryLike {
  id: number;
  full_name: string;
  html_url?: string | null;
}

function baseDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  repository?: RepositoryLike,
  sender?: { login: string } | null,
) {
  return {
    delivery_id: deliveryKey,
    event: job.event,
    action: job.action,
    received_at: job.receivedAt,
    sender: sender?.login ?? null,
    repository: repository
      ? {
          id: repository.id,
          full_name: repository.full_name,
          html_url: repository.html_url ?? null,
        }
      : null,
  };
}

export function ignoredDocument(deliveryKey: string, job: IncomingEventJob): EventDocument {
  return { ...baseDocument(deliveryKey, job), kind: "ignored" };
}

export function pullRequestDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  payload: PullRequestPayload,
): EventDocument {
  const pr = payload.pull_request;
  return {
    ...baseDocument(deliveryKey, job, payload.repository, payload.sender),
    kind: "pull_request",
    pull_request: {
      id: pr.id,
      number: pr.number,
      title: pr.title,
      author: pr.user?.login ?? null,
      head_ref: pr.head.ref,
      head_sha: pr.head.sha,
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
  payload: CheckRunPayload,
): EventDocument {
  const run = payload.check_run;
  return {
    ...baseDocument(deliveryKey, job, payload.repository, payload.sender),
    kind: "signal",
    signal: {
      type: "check_run",
      trigger: "CHECK_RUN_COMPLETED",
      id: run.id,
      sha: run.head_sha,
      at: run.completed_at ?? run.started_at ?? job.receivedAt,
      numbers: run.pull_requests.map((pr) => pr.number),
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
  payload: CheckSuitePayload,
): EventDocument {
  const suite = payload.check_suite;
  return {
    ...baseDocument(deliveryKey, job, payload.repository, payload.sender),
    kind: "signal",
    signal: {
      type: "check_suite",
      trigger: "CHECK_SUITE_COMPLETED",
      id: suite.id,
      sha: suite.head_sha,
      at: suite.updated_at ?? job.receivedAt,
      numbers: suite.pull_requests.map((pr) => pr.number),
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
  payload: StatusPayload,
): EventDocument {
  return {
    ...baseDocument(deliveryKey, job, payload.repository, payload.sender),
    kind: "signal",
    signal: {
      type: "status",
      trigger: "STATUS",
      id: payload.id,
      sha: payload.sha,
      at: payload.updated_at,
      numbers: [],
      context: payload.context,
      state: payload.state,
      description: payload.description ?? null,
      target_url: payload.target_url ?? null,
    },
  };
}
