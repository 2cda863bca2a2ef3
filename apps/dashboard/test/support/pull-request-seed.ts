import type { PrismaClient } from "@hookline/db";

/** What seedPullRequest stored: acme/web#603 with one check suite, run and status, and two history steps. */
export interface SeededPullRequest {
  repository: string;
  number: number;
  pullRequestId: string;
  headSha: string;
  /** The deliveries of its history, oldest first. */
  deliveryIds: [string, string];
}

/**
 * Stores a pull request as the worker would have: repository, pull request,
 * its head commit, a check suite, run and status on it, two history rows
 * with their webhook deliveries. The page reads these tables, so the test
 * writes them directly; the notifications about it go through the real
 * notifier (ids as the worker makes them: <delivery>.<pull request id>.<type>).
 */
export async function seedPullRequest(
  prisma: PrismaClient,
  options: { repository?: string; number?: number; id?: bigint } = {},
): Promise<SeededPullRequest> {
  const repository = options.repository ?? "acme/web";
  const number = options.number ?? 603;
  const id = options.id ?? 5_000_603n;
  const repositoryId = id + 1_000_000n;
  const headSha = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
  const deliveryIds: [string, string] = [`seed-${id}-opened`, `seed-${id}-check`];
  const at = new Date("2026-12-06T20:40:00Z");
  await prisma.repository.create({
    data: { id: repositoryId, fullName: repository, htmlUrl: `https://github.com/${repository}` },
  });
  await prisma.pullRequest.create({
    data: {
      id,
      repositoryId,
      number,
      title: "Retry webhooks with backoff",
      author: "octocat",
      headRef: "backoff",
      headSha,
      baseRef: "main",
      state: "OPEN",
      checksState: "FAILURE",
      htmlUrl: `https://github.com/${repository}/pull/${number}`,
      githubUpdatedAt: at,
      stateDeliveryId: deliveryIds[0],
    },
  });
  await prisma.pullRequestCommit.create({
    data: { pullRequestId: id, repositoryId, sha: headSha },
  });
  await prisma.checkSuite.create({
    data: {
      id: id + 1n,
      repositoryId,
      headSha,
      status: "completed",
      conclusion: "failure",
      appSlug: "github-actions",
      githubUpdatedAt: at,
      deliveryId: deliveryIds[1],
    },
  });
  await prisma.checkRun.create({
    data: {
      id: id + 2n,
      repositoryId,
      headSha,
      name: "unit tests",
      status: "completed",
      conclusion: "failure",
      appSlug: "github-actions",
      completedAt: at,
      deliveryId: deliveryIds[1],
    },
  });
  await prisma.commitStatus.create({
    data: {
      id: id + 3n,
      repositoryId,
      sha: headSha,
      context: "ci/lint",
      state: "success",
      githubUpdatedAt: at,
      deliveryId: deliveryIds[1],
    },
  });
  for (const [index, deliveryId] of deliveryIds.entries()) {
    await prisma.webhookDelivery.create({
      data: {
        deliveryId,
        event: index === 0 ? "pull_request" : "check_run",
        action: index === 0 ? "opened" : "completed",
        status: "PROCESSED",
        receivedAt: at,
        processedAt: at,
      },
    });
    await prisma.pullRequestEvent.create({
      data: {
        pullRequestId: id,
        deliveryId,
        triggerEvent: index === 0 ? "OPENED" : "CHECK_RUN_COMPLETED",
        toState: "OPEN",
        githubEventAt: new Date(at.getTime() + index * 60_000),
        metadata: {},
      },
    });
  }
  return { repository, number, pullRequestId: String(id), headSha, deliveryIds };
}
