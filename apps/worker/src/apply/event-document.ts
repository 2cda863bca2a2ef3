import { createHash } from "node:crypto";
import {
  RESYNC_ACTION,
  type CheckRunPayload,
  type CheckSuitePayload,
  type PullRequestPayload,
  type RequiredChecksChangePayload,
  type StatusPayload,
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
    body_sha256: createHash("sha256").update(job.body).digest("hex"),
  };
}

/**
 * Where a snapshot goes among those of the same updated_at second (GitHub's
 * resolution): `opened` comes before anything else GitHub can say of a pull
 * request; a merged pull request's state changes no more; a REST read by the
 * drift detector (RESYNC_ACTION) was made after every webhook of that second
 * it could have seen. Everything else ranks alike and is ordered by the
 * body's digest: deterministic, and never by the delivery id, which GitHub's
 * signature does not cover (docs/pull-request-state.md, "Ordering").
 */
export function snapshotRank(action: string, state: ReturnType<typeof stateOf>): number {
  if (action === RESYNC_ACTION) return 3;
  if (state === "MERGED") return 2;
  return action === "opened" ? 0 : 1;
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
      rank: snapshotRank(payload.action, stateOf(pr)),
      merged_at: pr.merged_at ?? null,
      closed_at: pr.closed_at ?? null,
    },
  };
}

const CHECK_RUN_TRIGGERS = {
  created: "CHECK_RUN_CREATED",
  completed: "CHECK_RUN_COMPLETED",
  rerequested: "CHECK_RUN_REREQUESTED",
} as const;
const CHECK_SUITE_TRIGGERS = {
  requested: "CHECK_SUITE_REQUESTED",
  completed: "CHECK_SUITE_COMPLETED",
  rerequested: "CHECK_SUITE_REREQUESTED",
} as const;
const RUN_STATUS_RANK: Record<string, number> = { queued: 0, in_progress: 1, completed: 2 };

/**
 * The version of a check run an event shows, ordered by (order_at,
 * order_rank): a run moves from queued (0) through in progress (1) to
 * completed (2), each later in GitHub time. `rerequested` carries the run as
 * it was (GitHub's docs: the receiver is to run it again), so it is stored
 * queued again, one rank above that completion (3); a new start or
 * completion of the same run is later in time and wins over it.
 */
export function checkRunVersion(
  action: CheckRunPayload["action"],
  run: CheckRunPayload["check_run"],
  receivedAt: string,
) {
  const orderAt = run.completed_at ?? run.started_at ?? receivedAt;
  if (action === "rerequested")
    return {
      status: "queued",
      conclusion: null,
      completed_at: null,
      order_at: orderAt,
      order_rank: 3,
    };
  return {
    status: run.status,
    conclusion: run.conclusion ?? null,
    completed_at: run.completed_at ?? null,
    order_at: orderAt,
    order_rank: RUN_STATUS_RANK[run.status] ?? 0,
  };
}

export function checkRunDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  payload: CheckRunPayload,
): EventDocument {
  const run = payload.check_run;
  const version = checkRunVersion(payload.action, run, job.receivedAt);
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "signal",
    repository: repositoryDocument(payload.repository),
    signal: {
      type: "check_run",
      trigger: CHECK_RUN_TRIGGERS[payload.action],
      id: run.id,
      sha: storableKey(run.head_sha),
      at: version.order_at,
      numbers: ownPullRequestNumbers(run.pull_requests, payload.repository.id),
      name: run.name,
      app_slug: run.app?.slug ?? null,
      html_url: run.html_url ?? null,
      started_at: run.started_at ?? null,
      ...version,
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
  // A re-request puts the suite back in the queue; its payload shows it as it was.
  const rerequested = payload.action === "rerequested";
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "signal",
    repository: repositoryDocument(payload.repository),
    signal: {
      type: "check_suite",
      trigger: CHECK_SUITE_TRIGGERS[payload.action],
      id: suite.id,
      sha: storableKey(suite.head_sha),
      at: suite.updated_at ?? job.receivedAt,
      numbers: ownPullRequestNumbers(suite.pull_requests, payload.repository.id),
      head_branch: suite.head_branch ?? null,
      status: rerequested ? "queued" : (suite.status ?? null),
      conclusion: rerequested ? null : (suite.conclusion ?? null),
      app_slug: suite.app?.slug ?? null,
      updated_at: suite.updated_at ?? null,
      order_rank: { requested: 0, completed: 1, rerequested: 2 }[payload.action],
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

/** A change of the repository's required checks: the worker reads them anew before applying. */
export function requiredChecksDocument(
  deliveryKey: string,
  job: IncomingEventJob,
  attempt: AttemptInfo,
  payload: RequiredChecksChangePayload,
): EventDocument {
  return {
    ...baseDocument(deliveryKey, job, attempt, payload.sender),
    kind: "required_checks",
    repository: repositoryDocument(payload.repository),
  };
}
