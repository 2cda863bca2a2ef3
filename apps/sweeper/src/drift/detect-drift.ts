import type { Queue } from "bullmq";
import type { PrismaClient } from "@hookline/db";
import type { GithubClient } from "@hookline/github-rest";
import type { Logger } from "@hookline/observability";
import { addJobs, incomingEventJobId, type IncomingEventJob } from "@hookline/queue";
import { compareState, type Difference } from "./compare-state";
import type { DriftMetrics } from "./drift-metrics";
import { readGithubTruth, REQUESTS_PER_PULL_REQUEST } from "./github-pull-request";
import { healEvents } from "./heal-events";
import { checksVerdict, sampleOpenPullRequests } from "./stored-pull-requests";

export interface DriftSettings {
  /** Pull requests compared per run at most. */
  sample: number;
  /** Requests of the hour's budget a run leaves to the sweeps. */
  reserve: number;
}

export interface DriftDeps {
  prisma: PrismaClient;
  client: GithubClient;
  queue: Queue<IncomingEventJob>;
  metrics: DriftMetrics;
  logger: Logger;
  now: () => Date;
  publishSystemEvent: (
    eventType: string,
    priority: "low" | "medium" | "high" | "critical",
    data: Record<string, unknown>,
  ) => Promise<unknown>;
}

export interface DriftFinding {
  repository: string;
  number: number;
  differences: Difference[];
}

export interface DriftReport {
  checked: number;
  drifted: DriftFinding[];
  /** Events queued to heal the drifted pull requests. */
  queued: number;
  /** Pull requests GitHub could not be asked about (an error each), left for the next run. */
  errors: Array<{ repository: string; number: number; error: string }>;
  /** Why nothing was compared, when so (the API budget). */
  skipped?: string;
}

/** What the hour's budget allows: GET /rate_limit does not count against it (GitHub's REST docs). */
async function affordable(client: GithubClient, settings: DriftSettings): Promise<number> {
  const { data } = await client.request("GET /rate_limit");
  const remaining = (data as { resources: { core: { remaining: number } } }).resources.core
    .remaining;
  return Math.max(
    0,
    Math.min(
      settings.sample,
      Math.floor((remaining - settings.reserve) / REQUESTS_PER_PULL_REQUEST),
    ),
  );
}

/**
 * One drift run: samples stored open pull requests (of `repository`, or
 * all), reads each from GitHub's REST API, compares state, draft, head SHA
 * and checks state, counts what it checked and found
 * (hookline_state_checked_total, hookline_state_drift_total{field}), sends
 * system.state.drift per drifted pull request and queues its REST answer as
 * events for the worker, which heals it by the rules of any delivery.
 */
export async function detectDrift(
  deps: DriftDeps,
  settings: DriftSettings,
  repository?: string,
): Promise<DriftReport> {
  const report: DriftReport = { checked: 0, drifted: [], queued: 0, errors: [] };
  const limit = await affordable(deps.client, settings);
  if (limit === 0) {
    report.skipped = `GitHub API budget below the reserve (${settings.reserve} requests)`;
    return report;
  }
  const run = deps.now().getTime().toString(36);
  for (const stored of await sampleOpenPullRequests(deps.prisma, limit, repository)) {
    try {
      const truth = await readGithubTruth(deps.client, stored.repository, stored.number);
      const checksState = await checksVerdict(
        deps.prisma,
        {
          runs: truth.checkRuns.map((r) => ({
            id: r.id,
            name: r.name,
            app: r.app?.slug ?? null,
            status: r.status,
            conclusion: r.conclusion ?? null,
          })),
          suites: truth.checkSuites.map((s) => ({
            id: s.id,
            app: s.app?.slug ?? null,
            status: s.status ?? null,
            conclusion: s.conclusion ?? null,
          })),
          statuses: truth.statuses.map((s) => ({
            id: s.id,
            context: s.context,
            state: s.state,
            at: s.updated_at,
          })),
        },
        stored.repositoryId,
        truth.pullRequest.base.ref,
      );
      report.checked += 1;
      deps.metrics.checked.inc();
      const differences = compareState(stored, { pullRequest: truth.pullRequest, checksState });
      if (differences.length === 0) continue;
      for (const difference of differences) deps.metrics.drift.inc({ field: difference.field });
      report.drifted.push({ repository: stored.repository, number: stored.number, differences });
      const events = healEvents(
        run,
        {
          id: Number(stored.repositoryId),
          full_name: stored.repository,
          name: stored.repositoryName,
          owner: stored.repositoryOwner === null ? null : { login: stored.repositoryOwner },
          html_url: stored.repositoryUrl,
        },
        truth,
        deps.now().toISOString(),
      );
      await addJobs(
        deps.queue,
        events.map((data) => ({
          name: data.source,
          data,
          opts: { jobId: incomingEventJobId(data.source, data.deliveryId) },
        })),
      );
      report.queued += events.length;
      deps.logger.warn("pull request drifted from GitHub; healing", {
        repository: stored.repository,
        number: stored.number,
        differences,
      });
      await deps.publishSystemEvent("system.state.drift", "high", {
        repository: stored.repository,
        number: stored.number,
        pr_id: stored.id.toString(),
        differences,
        healing: true,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.errors.push({ repository: stored.repository, number: stored.number, error: message });
      deps.logger.warn("drift check failed", {
        repository: stored.repository,
        number: stored.number,
        error: message,
      });
    }
  }
  return report;
}
