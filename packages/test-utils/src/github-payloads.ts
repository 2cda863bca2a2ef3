import examples from "@octokit/webhooks-examples";

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Example {
  name: string;
  examples: Payload[];
}

/** GitHub's own example payloads for one event, deep-copied so tests may edit them. */
export function githubExamples(event: string): Payload[] {
  const entry = (examples as unknown as Example[]).find((candidate) => candidate.name === event);
  if (!entry) throw new Error(`no examples for ${event}`);
  return structuredClone(entry.examples);
}

const REPOSITORY = {
  id: 4242,
  full_name: "octo/hookline",
  html_url: "https://github.com/octo/hookline",
};

export interface PullRequestSnapshot {
  number: number;
  action: string;
  updatedAt: string;
  state?: "open" | "closed";
  merged?: boolean;
  draft?: boolean;
  headSha?: string;
  title?: string;
}

/** A pull_request payload built from GitHub's "opened" example with the given snapshot. */
export function pullRequestEvent(snapshot: PullRequestSnapshot): Payload {
  const payload = githubExamples("pull_request").find((example) => example.action === "opened")!;
  payload.action = snapshot.action;
  payload.repository = { ...payload.repository, ...REPOSITORY };
  const pr = payload.pull_request;
  Object.assign(pr, {
    id: 900_000 + snapshot.number,
    number: snapshot.number,
    title: snapshot.title ?? `Change ${snapshot.number}`,
    state: snapshot.state ?? "open",
    merged: snapshot.merged ?? false,
    merged_at: snapshot.merged ? snapshot.updatedAt : null,
    closed_at: snapshot.state === "closed" ? snapshot.updatedAt : null,
    draft: snapshot.draft ?? false,
    updated_at: snapshot.updatedAt,
  });
  pr.head = { ...pr.head, sha: snapshot.headSha ?? `sha-${snapshot.number}-a` };
  payload.number = snapshot.number;
  return payload;
}

export function checkRunEvent(
  id: number,
  sha: string,
  conclusion: string,
  completedAt: string,
  name = "ci",
): Payload {
  const payload = githubExamples("check_run").find((example) => example.action === "completed")!;
  payload.repository = { ...payload.repository, ...REPOSITORY };
  Object.assign(payload.check_run, {
    id,
    name,
    head_sha: sha,
    status: "completed",
    conclusion,
    completed_at: completedAt,
    pull_requests: [],
  });
  return payload;
}

export interface CheckRunStep {
  id: number;
  sha: string;
  action: "created" | "completed" | "rerequested";
  status: "queued" | "in_progress" | "completed";
  /** null until completed. */
  conclusion?: string | null;
  startedAt: string;
  completedAt?: string | null;
  name?: string;
}

/** A check_run payload of any action, from GitHub's example, as a run moves from queued to completed. */
export function checkRunActionEvent(step: CheckRunStep): Payload {
  const payload = checkRunEvent(
    step.id,
    step.sha,
    step.conclusion ?? "success",
    step.completedAt ?? step.startedAt,
    step.name,
  );
  payload.action = step.action;
  Object.assign(payload.check_run, {
    status: step.status,
    conclusion: step.conclusion ?? null,
    started_at: step.startedAt,
    completed_at: step.completedAt ?? null,
  });
  return payload;
}

export interface CheckSuiteStep {
  id: number;
  sha: string;
  action: "requested" | "rerequested" | "completed";
  status: "queued" | "in_progress" | "completed";
  conclusion?: string | null;
  updatedAt: string;
  app?: string;
}

/** A check_suite payload of any action, from GitHub's example. */
export function checkSuiteActionEvent(step: CheckSuiteStep): Payload {
  const payload = githubExamples("check_suite").find((example) => example.action === "completed")!;
  payload.action = step.action;
  payload.repository = { ...payload.repository, ...REPOSITORY };
  Object.assign(payload.check_suite, {
    id: step.id,
    head_sha: step.sha,
    status: step.status,
    conclusion: step.conclusion ?? null,
    updated_at: step.updatedAt,
    pull_requests: [],
    app: { ...payload.check_suite.app, slug: step.app ?? "github-actions" },
  });
  return payload;
}

export function statusEvent(
  id: number,
  sha: string,
  state: string,
  updatedAt: string,
  context = "ci/legacy",
): Payload {
  const payload = githubExamples("status")[0]!;
  payload.repository = { ...payload.repository, ...REPOSITORY };
  Object.assign(payload, { id, sha, state, context, updated_at: updatedAt, created_at: updatedAt });
  return payload;
}
