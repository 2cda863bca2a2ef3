import type { Queue } from "bullmq";
import type { GithubClient } from "@hookline/github-rest";
import { addJobs, type IncomingEventJob } from "@hookline/queue";
import { fetchCommitChecks, fetchOpenPullRequests, fetchRepository } from "./github-snapshot";
import { checksJobs, pullRequestJob } from "./synthesize-events";

export interface BackfillDeps {
  client: GithubClient;
  queue: Queue<IncomingEventJob>;
  /** One line of terminal progress. */
  progress: (line: string) => void;
  now: () => Date;
}

export interface BackfillReport {
  repository: string;
  pullRequests: number;
  checkRuns: number;
  checkSuites: number;
  statuses: number;
  /** Events put on github-events (jobs already there under the same id are not added twice). */
  queued: number;
}

// Head commits whose checks are fetched at once; each takes three requests.
const PARALLEL_COMMITS = 4;

/**
 * Seeds one repository: its open pull requests and their head commits'
 * check runs, check suites and statuses, as webhook-shaped events with
 * deterministic delivery ids on the github-events queue. The worker applies
 * them with the same rules as webhooks, so newer state already stored (or
 * arriving later) wins, and a re-run adds nothing.
 */
export async function backfillRepository(
  deps: BackfillDeps,
  fullName: string,
): Promise<BackfillReport> {
  const repository = await fetchRepository(deps.client, fullName);
  const pulls = await fetchOpenPullRequests(deps.client, repository.full_name, (page, total) =>
    deps.progress(`${repository.full_name}: open pull requests page ${page} (${total} so far)`),
  );
  const receivedAt = deps.now().toISOString();
  const report: BackfillReport = {
    repository: repository.full_name,
    pullRequests: pulls.length,
    checkRuns: 0,
    checkSuites: 0,
    statuses: 0,
    queued: 0,
  };
  const enqueue = async (jobs: IncomingEventJob[]) => {
    await addJobs(
      deps.queue,
      jobs.map((data) => ({ name: data.source, data, opts: { jobId: data.deliveryId } })),
    );
    report.queued += jobs.length;
  };
  await enqueue(pulls.map((pull) => pullRequestJob(repository, pull, receivedAt)));

  const shas = [...new Set(pulls.map((pull) => pull.head.sha))];
  let done = 0;
  for (let start = 0; start < shas.length; start += PARALLEL_COMMITS) {
    const batch = await Promise.all(
      shas
        .slice(start, start + PARALLEL_COMMITS)
        .map((sha) => fetchCommitChecks(deps.client, repository.full_name, sha)),
    );
    for (const checks of batch) {
      report.checkRuns += checks.checkRuns.length;
      report.checkSuites += checks.checkSuites.length;
      report.statuses += checks.statuses.length;
      await enqueue(checksJobs(repository, checks, receivedAt));
    }
    done += batch.length;
    if (done === shas.length || done % 20 < PARALLEL_COMMITS)
      deps.progress(
        `${repository.full_name}: checks of ${done}/${shas.length} head commits ` +
          `(${report.checkRuns} check runs, ${report.checkSuites} suites, ${report.statuses} statuses)`,
      );
  }
  deps.progress(
    `${repository.full_name}: ${report.pullRequests} open pull requests, ${report.checkRuns} check runs, ` +
      `${report.checkSuites} check suites, ${report.statuses} statuses; ${report.queued} events queued`,
  );
  return report;
}
