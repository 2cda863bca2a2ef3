import type { Job } from "bullmq";
import type { PrismaClient } from "@hookline/db";
import type { IncomingEventJob } from "@hookline/queue";

/* eslint-disable @typescript-eslint/no-explicit-any -- GitHub's JSON, read as a Probot app would */

const TRIGGERS: Record<string, "OPENED" | "EDITED" | "SYNCHRONIZE" | "OTHER"> = {
  opened: "OPENED",
  edited: "EDITED",
  synchronize: "SYNCHRONIZE",
};

/**
 * What a Probot user would write for a check_run or check_suite event:
 * upsert the repository and the check through Prisma's model API in one
 * $transaction; no aggregate, no link to pull requests.
 */
async function applyCheck(prisma: PrismaClient, event: string, payload: Record<string, any>) {
  const repository = payload.repository;
  const run = event === "check_run";
  const check = run ? payload.check_run : payload.check_suite;
  const fields = {
    repositoryId: BigInt(repository.id),
    headSha: check.head_sha,
    status: payload.action === "rerequested" ? "queued" : check.status,
    conclusion: payload.action === "rerequested" ? null : check.conclusion,
    appSlug: check.app?.slug ?? null,
  };
  await prisma.$transaction([
    prisma.repository.upsert({
      where: { id: BigInt(repository.id) },
      create: {
        id: BigInt(repository.id),
        fullName: repository.full_name,
        htmlUrl: repository.html_url,
      },
      update: { fullName: repository.full_name, htmlUrl: repository.html_url },
    }),
    run
      ? prisma.checkRun.upsert({
          where: { id: BigInt(check.id) },
          create: { id: BigInt(check.id), name: check.name, ...fields },
          update: fields,
        })
      : prisma.checkSuite.upsert({
          where: { id: BigInt(check.id) },
          create: { id: BigInt(check.id), ...fields },
          update: fields,
        }),
  ]);
}

/**
 * The processor a Probot user would write for the same job: per
 * pull_request event, upsert the repository and the pull request and insert
 * a history row through Prisma's model API in one $transaction; per check
 * event, upsert the check (applyCheck). No ordering (the last event
 * processed wins), no exactly-once (a retry inserts its history row again,
 * or fails on the delivery id), no checks aggregate, no outbox.
 */
export function probotPeerProcessor(prisma: PrismaClient) {
  return async (job: Job<IncomingEventJob>): Promise<void> => {
    const payload = JSON.parse(job.data.body) as Record<string, any>;
    if (job.data.event !== "pull_request") return applyCheck(prisma, job.data.event, payload);
    const pr = payload.pull_request;
    const repository = payload.repository;
    const state = pr.merged ? "MERGED" : pr.state === "closed" ? "CLOSED" : "OPEN";
    const fields = {
      number: pr.number,
      title: pr.title,
      author: pr.user?.login ?? null,
      headRef: pr.head.ref,
      headSha: pr.head.sha,
      baseRef: pr.base.ref,
      draft: pr.draft ?? false,
      state,
      htmlUrl: pr.html_url,
      githubUpdatedAt: new Date(pr.updated_at),
    } as const;
    await prisma.$transaction([
      prisma.repository.upsert({
        where: { id: BigInt(repository.id) },
        create: {
          id: BigInt(repository.id),
          fullName: repository.full_name,
          htmlUrl: repository.html_url,
        },
        update: { fullName: repository.full_name, htmlUrl: repository.html_url },
      }),
      prisma.pullRequest.upsert({
        where: { id: BigInt(pr.id) },
        create: { id: BigInt(pr.id), repositoryId: BigInt(repository.id), ...fields },
        update: fields,
      }),
      prisma.pullRequestEvent.create({
        data: {
          pullRequestId: BigInt(pr.id),
          deliveryId: job.data.deliveryId,
          triggerEvent: TRIGGERS[payload.action] ?? "OTHER",
          toState: state,
          githubEventAt: new Date(pr.updated_at),
          metadata: {
            github_event: "pull_request",
            action: payload.action,
            sender: payload.sender?.login,
          },
        },
      }),
    ]);
  };
}
