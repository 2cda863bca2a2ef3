import { GITHUB_SOURCE, type IncomingEventJob } from "@hookline/queue";
import type {
  CheckRun,
  CheckSuite,
  CommitChecks,
  CommitStatus,
  PullRequestSimple,
  Repository,
} from "./github-snapshot";

/** The pull_request action backfill snapshots carry: no GitHub action, so the worker records trigger OTHER and notifies nothing. */
export const BACKFILL_ACTION = "backfill";

/**
 * GitHub's `updated_at` has one-second resolution, and the worker keeps the
 * snapshot with the newest `updated_at` (ties by delivery id). A snapshot read
 * from the API and a webhook of the same second tie, and the webhook may be
 * the later change (two edits in one second; the API read between them), but
 * never the earlier state. So the snapshot goes in one millisecond before its
 * second: any webhook of that second or later wins, any earlier one loses.
 */
function justBefore(timestamp: string): string {
  return new Date(Date.parse(timestamp) - 1).toISOString();
}

const seconds = (timestamp: string | null | undefined) =>
  timestamp ? Math.floor(Date.parse(timestamp) / 1000) : 0;

/**
 * Deterministic delivery ids: the same snapshot always gets the same id, so
 * a second backfill finds every job or ledger row already there and changes
 * nothing; a changed pull request gets a new id (its updated_at is in it).
 * Dashes, not colons: delivery ids are BullMQ job ids.
 */
export function backfillDeliveryId(kind: string, id: number, at?: string | null): string {
  return at === undefined ? `backfill-${kind}-${id}` : `backfill-${kind}-${id}-${seconds(at)}`;
}

function job(
  deliveryId: string,
  event: string,
  action: string | null,
  payload: object,
  receivedAt: string,
): IncomingEventJob {
  return {
    source: GITHUB_SOURCE,
    deliveryId,
    event,
    action,
    receivedAt,
    body: JSON.stringify(payload),
  };
}

/** A pull_request event carrying the API's snapshot, in the webhook's shape. */
export function pullRequestJob(
  repository: Repository,
  pull: PullRequestSimple,
  receivedAt: string,
): IncomingEventJob {
  const payload = {
    action: BACKFILL_ACTION,
    repository,
    sender: null,
    pull_request: {
      id: pull.id,
      number: pull.number,
      title: pull.title,
      user: pull.user ?? null,
      html_url: pull.html_url ?? null,
      state: pull.state,
      draft: pull.draft ?? false,
      // pull-request-simple has no `merged`; merged_at says it.
      merged_at: pull.merged_at ?? null,
      closed_at: pull.closed_at ?? null,
      updated_at: justBefore(pull.updated_at),
      head: { ref: pull.head.ref, sha: pull.head.sha },
      base: { ref: pull.base.ref },
    },
  };
  return job(
    backfillDeliveryId("pull_request", pull.id, pull.updated_at),
    "pull_request",
    BACKFILL_ACTION,
    payload,
    receivedAt,
  );
}

function checkRunJob(repository: Repository, run: CheckRun, receivedAt: string): IncomingEventJob {
  // A run not completed yet is what its `created` webhook says: queued or in progress.
  const completed = run.status === "completed";
  const action = completed ? "completed" : "created";
  const payload = { action, repository, sender: null, check_run: run };
  return job(
    completed
      ? backfillDeliveryId("check_run", run.id, run.completed_at)
      : backfillDeliveryId(`check_run_${run.status}`, run.id, run.started_at),
    "check_run",
    action,
    payload,
    receivedAt,
  );
}

function checkSuiteJob(
  repository: Repository,
  suite: CheckSuite,
  receivedAt: string,
): IncomingEventJob {
  const action = suite.status === "completed" ? "completed" : "requested";
  const payload = {
    action,
    repository,
    sender: null,
    check_suite: {
      ...suite,
      updated_at: suite.updated_at ? justBefore(suite.updated_at) : null,
    },
  };
  return job(
    backfillDeliveryId(
      action === "completed" ? "check_suite" : "check_suite_requested",
      suite.id,
      suite.updated_at,
    ),
    "check_suite",
    action,
    payload,
    receivedAt,
  );
}

function statusJob(
  repository: Repository,
  sha: string,
  status: CommitStatus,
  receivedAt: string,
): IncomingEventJob {
  // A status is immutable under its id: the id alone identifies the snapshot.
  const payload = { ...status, sha, repository, sender: null };
  return job(backfillDeliveryId("status", status.id), "status", null, payload, receivedAt);
}

/**
 * The events a commit's checks become: every check run (queued and in
 * progress ones as `created`, as their webhook says), every suite with runs
 * (GitHub creates a suite per App on each push and shows those without runs
 * nowhere), and the latest status per context: the checks state the worker
 * derives is then the one GitHub shows for the commit.
 */
export function checksJobs(
  repository: Repository,
  checks: CommitChecks,
  receivedAt: string,
): IncomingEventJob[] {
  return [
    ...checks.checkRuns.map((run) => checkRunJob(repository, run, receivedAt)),
    ...checks.checkSuites
      .filter((suite) => suite.latest_check_runs_count !== 0)
      .map((suite) => checkSuiteJob(repository, suite, receivedAt)),
    ...checks.statuses.map((status) => statusJob(repository, checks.sha, status, receivedAt)),
  ];
}
