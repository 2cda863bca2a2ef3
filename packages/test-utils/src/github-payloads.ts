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
