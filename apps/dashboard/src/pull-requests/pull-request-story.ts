import type { PrismaClient } from "@hookline/db";
import type { PullRequestRef } from "./pull-request-ref";
import { readSentMessages, type SentMessage } from "./sent-messages";

// The module that reads a pull request's stored story (its outgoing
// messages through sent-messages.ts): a schema
// addition (check suites per run, new history columns) changes this file
// and its shapes only.

export interface StoredPullRequest {
  id: string;
  repository: string;
  number: number;
  title: string;
  author: string | null;
  state: string;
  draft: boolean;
  checksState: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  htmlUrl: string | null;
  githubUpdatedAt: Date;
  stateDeliveryId: string | null;
  mergedAt: Date | null;
  closedAt: Date | null;
}

export interface CheckRunRow {
  id: string;
  name: string;
  status: string;
  conclusion: string | null;
  app: string | null;
  htmlUrl: string | null;
  completedAt: Date | null;
  deliveryId: string | null;
}

export interface CheckSuiteRow {
  id: string;
  app: string | null;
  status: string | null;
  conclusion: string | null;
  updatedAt: Date | null;
  deliveryId: string | null;
}

export interface StatusRow {
  context: string;
  state: string;
  description: string | null;
  targetUrl: string | null;
  updatedAt: Date;
  deliveryId: string | null;
}

/** The checks of one commit that was the pull request's head. */
export interface CommitChecks {
  sha: string;
  head: boolean;
  suites: CheckSuiteRow[];
  runs: CheckRunRow[];
  statuses: StatusRow[];
}

export interface HistoryRow {
  at: Date;
  deliveryId: string;
  trigger: string;
  from: string | null;
  to: string | null;
  /** The webhook delivery's processing status (PROCESSED, FAILED, …), if still stored. */
  deliveryStatus: string | null;
  deliveryError: string | null;
}

export interface PullRequestStory {
  pullRequest: StoredPullRequest;
  commits: CommitChecks[];
  history: HistoryRow[];
  /** Outgoing messages about it, grouped by channel (newest first within each). */
  channels: Record<string, SentMessage[]>;
}

// Bounds: a page, not an export.
const MAX_HISTORY = 500;

const id = (value: bigint) => value.toString();

/**
 * Everything stored about one pull request: its row, the checks of every
 * commit that was its head (suites, runs, statuses), its history with the
 * delivery that caused each step, and every outgoing message about it per
 * channel with each attempt from delivery_attempts. Undefined when no such
 * pull request is stored. The repository name is matched without regard to
 * case, as GitHub does.
 */
export async function readPullRequestStory(
  prisma: PrismaClient,
  ref: PullRequestRef,
): Promise<PullRequestStory | undefined> {
  const row = await prisma.pullRequest.findFirst({
    where: {
      number: ref.number,
      repository: { fullName: { equals: `${ref.owner}/${ref.repo}`, mode: "insensitive" } },
    },
    include: { repository: true, commits: true },
  });
  if (!row) return undefined;
  const shas = [...new Set([row.headSha, ...row.commits.map((commit) => commit.sha)])];
  const where = { repositoryId: row.repositoryId, headSha: { in: shas } };
  const [runs, suites, statuses, events] = await Promise.all([
    prisma.checkRun.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    prisma.checkSuite.findMany({ where, orderBy: { id: "asc" } }),
    prisma.commitStatus.findMany({
      where: { repositoryId: row.repositoryId, sha: { in: shas } },
      orderBy: [{ context: "asc" }, { githubUpdatedAt: "desc" }],
    }),
    prisma.pullRequestEvent.findMany({
      where: { pullRequestId: row.id },
      orderBy: [{ githubEventAt: "desc" }, { id: "desc" }],
      take: MAX_HISTORY,
    }),
  ]);
  const deliveryIds = [...new Set(events.map((event) => event.deliveryId))];
  const deliveries = new Map(
    (await prisma.webhookDelivery.findMany({ where: { deliveryId: { in: deliveryIds } } })).map(
      (delivery) => [delivery.deliveryId, delivery],
    ),
  );
  const commits: CommitChecks[] = shas.map((sha) => ({
    sha,
    head: sha === row.headSha,
    suites: suites
      .filter((suite) => suite.headSha === sha)
      .map((suite) => ({
        id: id(suite.id),
        app: suite.appSlug,
        status: suite.status,
        conclusion: suite.conclusion,
        updatedAt: suite.githubUpdatedAt,
        deliveryId: suite.deliveryId,
      })),
    runs: runs
      .filter((run) => run.headSha === sha)
      .map((run) => ({
        id: id(run.id),
        name: run.name,
        status: run.status,
        conclusion: run.conclusion,
        app: run.appSlug,
        htmlUrl: run.htmlUrl,
        completedAt: run.completedAt,
        deliveryId: run.deliveryId,
      })),
    statuses: statuses
      .filter((status) => status.sha === sha)
      .map((status) => ({
        context: status.context,
        state: status.state,
        description: status.description,
        targetUrl: status.targetUrl,
        updatedAt: status.githubUpdatedAt,
        deliveryId: status.deliveryId,
      })),
  }));
  return {
    pullRequest: {
      id: id(row.id),
      repository: row.repository.fullName,
      number: row.number,
      title: row.title,
      author: row.author,
      state: row.state,
      draft: row.draft,
      checksState: row.checksState,
      headRef: row.headRef,
      headSha: row.headSha,
      baseRef: row.baseRef,
      htmlUrl: row.htmlUrl,
      githubUpdatedAt: row.githubUpdatedAt,
      stateDeliveryId: row.stateDeliveryId,
      mergedAt: row.mergedAt,
      closedAt: row.closedAt,
    },
    commits: commits.sort((a, b) => Number(b.head) - Number(a.head)),
    history: events.map((event) => ({
      at: event.githubEventAt,
      deliveryId: event.deliveryId,
      trigger: event.triggerEvent,
      from: event.fromState,
      to: event.toState,
      deliveryStatus: deliveries.get(event.deliveryId)?.status ?? null,
      deliveryError: deliveries.get(event.deliveryId)?.lastError ?? null,
    })),
    channels: await readSentMessages(prisma, deliveryIds, id(row.id)),
  };
}
