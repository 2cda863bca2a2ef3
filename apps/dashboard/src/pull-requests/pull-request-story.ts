import type { PrismaClient } from "@hookline/db";
import type { PullRequestRef } from "./pull-request-ref";

// The one module that reads a pull request's stored story: a schema
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

export interface AttemptRow {
  at: Date;
  attempt: number;
  try: number;
  statusCode: number | null;
  error: string | null;
  answer: string | null;
  replay: number;
  durationMs: number;
}

/** One outgoing message (webhook-id) to one channel, with every HTTP request made for it. */
export interface SentMessage {
  messageId: string;
  channel: string;
  notificationIds: string[];
  attempts: AttemptRow[];
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
const MAX_ATTEMPTS = 2000;

const id = (value: bigint) => value.toString();

/** The notification ids the worker gives this pull request's notifications start so (decide-notifications.ts). */
function notificationPatterns(deliveryIds: readonly string[], pullRequestId: string): string[] {
  const escape = (text: string) => text.replace(/[\\%_]/g, "\\$&");
  return deliveryIds.map((deliveryId) => `${escape(deliveryId)}.${pullRequestId}.%`);
}

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

interface AttemptQueryRow {
  message_id: string;
  channel: string;
  notification_ids: unknown;
  attempt: number;
  try: number;
  status_code: number | null;
  error: string | null;
  answer_excerpt: string | null;
  replay: number;
  duration_ms: number;
  created_at: Date;
}

async function readSentMessages(
  prisma: PrismaClient,
  deliveryIds: readonly string[],
  pullRequestId: string,
): Promise<Record<string, SentMessage[]>> {
  if (deliveryIds.length === 0) return {};
  const patterns = notificationPatterns(deliveryIds, pullRequestId);
  const rows = await prisma.$queryRaw<AttemptQueryRow[]>`
    SELECT message_id, channel, notification_ids, attempt, try, status_code, error,
           answer_excerpt, replay, duration_ms, created_at
      FROM delivery_attempts
     WHERE EXISTS (
             SELECT 1 FROM jsonb_array_elements_text(notification_ids) AS notification(id)
              WHERE notification.id LIKE ANY (${patterns}::text[]))
     ORDER BY created_at DESC, id DESC
     LIMIT ${MAX_ATTEMPTS}`;
  const messages = new Map<string, SentMessage>();
  for (const row of rows) {
    let message = messages.get(row.message_id);
    if (!message) {
      message = {
        messageId: row.message_id,
        channel: row.channel,
        notificationIds: Array.isArray(row.notification_ids)
          ? (row.notification_ids as string[])
          : [],
        attempts: [],
      };
      messages.set(row.message_id, message);
    }
    message.attempts.push({
      at: row.created_at,
      attempt: row.attempt,
      try: row.try,
      statusCode: row.status_code,
      error: row.error,
      answer: row.answer_excerpt,
      replay: row.replay,
      durationMs: row.duration_ms,
    });
  }
  const channels: Record<string, SentMessage[]> = {};
  for (const message of messages.values()) {
    message.attempts.reverse(); // oldest first: read as they happened
    (channels[message.channel] ??= []).push(message);
  }
  return channels;
}

/** One line of the pull request list: the newest updated first. */
export interface PullRequestLine {
  repository: string;
  number: number;
  title: string;
  state: string;
  checksState: string;
  githubUpdatedAt: Date;
}

/** The `limit` pull requests GitHub updated last, for the Pull requests page. */
export async function recentPullRequests(
  prisma: PrismaClient,
  limit: number,
): Promise<PullRequestLine[]> {
  const rows = await prisma.pullRequest.findMany({
    orderBy: [{ githubUpdatedAt: "desc" }, { id: "desc" }],
    take: limit,
    include: { repository: true },
  });
  return rows.map((row) => ({
    repository: row.repository.fullName,
    number: row.number,
    title: row.title,
    state: row.state,
    checksState: row.checksState,
    githubUpdatedAt: row.githubUpdatedAt,
  }));
}
