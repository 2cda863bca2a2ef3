import { randomUUID } from "node:crypto";
import {
  checkRunEvent,
  pullRequestEvent,
  statusEvent,
  type PullRequestSnapshot,
} from "@hookline/test-utils";
import type { WorkerHarness } from "./worker-harness";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** 2026-11-29 at hh:mm UTC. */
export const at = (hour: number, minute: number) =>
  new Date(Date.UTC(2026, 10, 29, hour, minute)).toISOString();

export interface RepositoryShape {
  id: number;
  owner: string;
  name: string;
}

/** A GitHub-shaped repository object (as pull_request and check events carry it). */
export function repositoryObject(repository: RepositoryShape, updatedAt?: string): Payload {
  const fullName = `${repository.owner}/${repository.name}`;
  return {
    id: repository.id,
    node_id: `R_${repository.id}`,
    name: repository.name,
    full_name: fullName,
    private: false,
    owner: { login: repository.owner, id: repository.id * 10, type: "Organization" },
    html_url: `https://github.com/${fullName}`,
    url: `https://api.github.com/repos/${fullName}`,
    default_branch: "main",
    ...(updatedAt ? { updated_at: updatedAt } : {}),
  };
}

export interface PullRequestStep extends PullRequestSnapshot {
  repository?: RepositoryShape;
}

export function pullRequest(step: PullRequestStep): Payload {
  const payload = pullRequestEvent(step);
  if (step.repository) {
    payload.repository = repositoryObject(step.repository, step.updatedAt);
    payload.pull_request.id = step.repository.id * 1000 + step.number;
    payload.pull_request.base.repo = payload.repository;
  }
  return payload;
}

/** A pull_requests entry as check_run / check_suite payloads list them. */
export function linkedPullRequest(number: number, baseRepositoryId: number, headSha: string) {
  return {
    url: `https://api.github.com/repos/x/y/pulls/${number}`,
    id: baseRepositoryId * 1000 + number,
    number,
    head: { ref: "feature", sha: headSha, repo: { id: baseRepositoryId + 1, name: "fork" } },
    base: { ref: "main", sha: "0".repeat(40), repo: { id: baseRepositoryId, name: "base" } },
  };
}

export function checkRun(
  id: number,
  sha: string,
  conclusion: string,
  completedAt: string,
  options: { repository?: RepositoryShape; pullRequests?: object[]; name?: string } = {},
): Payload {
  const payload = checkRunEvent(id, sha, conclusion, completedAt, options.name);
  if (options.repository) payload.repository = repositoryObject(options.repository);
  payload.check_run.pull_requests = options.pullRequests ?? [];
  return payload;
}

export function checkSuite(
  id: number,
  sha: string,
  conclusion: string,
  updatedAt: string,
  options: { repository?: RepositoryShape; pullRequests?: object[] } = {},
): Payload {
  const payload = checkRunEvent(1, sha, conclusion, updatedAt);
  const suite = structuredClone(payload.check_run.check_suite);
  delete payload.check_run;
  Object.assign(suite, {
    id,
    head_sha: sha,
    status: "completed",
    conclusion,
    updated_at: updatedAt,
    pull_requests: options.pullRequests ?? [],
    app: { slug: "github-actions" },
  });
  payload.check_suite = suite;
  if (options.repository) payload.repository = repositoryObject(options.repository);
  return payload;
}

export function status(
  id: number,
  sha: string,
  state: string,
  updatedAt: string,
  options: { repository?: RepositoryShape; context?: string; description?: string } = {},
): Payload {
  const payload = statusEvent(id, sha, state, updatedAt, options.context);
  if (options.repository) payload.repository = repositoryObject(options.repository);
  if (options.description !== undefined) payload.description = options.description;
  return payload;
}

export interface Step {
  event: string;
  payload: Payload;
  deliveryId: string;
}

export const step = (event: string, payload: Payload): Step => ({
  event,
  payload,
  deliveryId: `${event}-${randomUUID()}`,
});

export interface SentNotification {
  event_type: string;
  data: Record<string, unknown>;
}

/** Notification jobs queued so far that `seen` does not hold yet, in queue order. */
async function newNotifications(
  harness: WorkerHarness,
  seen: Set<string>,
): Promise<SentNotification[]> {
  const jobs = await harness.notificationQueue.getJobs(["prioritized", "waiting"], 0, -1, true);
  const fresh = jobs.filter((job) => job?.id && !seen.has(job.id));
  for (const job of fresh) seen.add(job.id!);
  return fresh.map((job) => ({ event_type: job.data.event_type, data: job.data.data }));
}

/**
 * Applies the steps one after another and returns, per step, the
 * notifications it queued.
 */
export async function applyInOrder(
  harness: WorkerHarness,
  steps: readonly Step[],
): Promise<SentNotification[][]> {
  const seen = new Set<string>();
  await newNotifications(harness, seen);
  const sent: SentNotification[][] = [];
  for (const { event, payload, deliveryId } of steps) {
    await harness.apply(event, payload, deliveryId);
    sent.push(await newNotifications(harness, seen));
  }
  return sent;
}

/** `pr.created:OPEN`, `pr.checks.failed:FAILURE`: type and the state it carries. */
export function describeNotification(notification: SentNotification): string {
  const state = notification.event_type.startsWith("pr.checks.")
    ? notification.data.checks_state
    : notification.data.state;
  return `${notification.event_type}:${String(state)}`;
}

// A seeded shuffle, so a failing order can be reproduced.
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** Every order of a short list. */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}
