/**
 * What a job is about, in GitHub's words: "acme/web#603" for a pull request,
 * "acme/web@1a2b3c4" for a commit, "acme/web" for a repository alone.
 * Undefined when the payload names no repository (system events, custom sources).
 */
export interface JobSubject {
  repository?: string;
  /** Pull request number as GitHub shows it (#603), not its internal id. */
  number?: number;
  sha?: string;
}

type Loose = Record<string, unknown> | undefined;

function record(value: unknown): Loose {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

function firstPullRequest(value: unknown): number | undefined {
  return Array.isArray(value) ? numberOf(record(value[0])?.number) : undefined;
}

/** The subject of a GitHub webhook payload (pull_request, check_run, check_suite, status, issues…). */
export function subjectOfGithubPayload(payload: unknown): JobSubject {
  const document = record(payload);
  const repository = record(document?.repository)?.full_name;
  const checkRun = record(document?.check_run);
  const checkSuite = record(document?.check_suite);
  const number =
    numberOf(record(document?.pull_request)?.number) ??
    firstPullRequest(checkRun?.pull_requests) ??
    firstPullRequest(checkSuite?.pull_requests) ??
    numberOf(record(document?.issue)?.number) ??
    numberOf(document?.number);
  const sha = typeof document?.sha === "string" ? document.sha : undefined;
  return {
    repository: typeof repository === "string" ? repository : undefined,
    number,
    sha: number === undefined ? sha : undefined,
  };
}

/** The subject of an outgoing notification's data (`repository`, `number`, `head_sha`). */
export function subjectOfNotificationData(data: Record<string, unknown>): JobSubject {
  return {
    repository: typeof data.repository === "string" ? data.repository : undefined,
    number: numberOf(data.number),
  };
}

/** "acme/web#603", "acme/web@1a2b3c4", "acme/web", or undefined. */
export function formatSubject(subject: JobSubject): string | undefined {
  if (!subject.repository) return undefined;
  if (subject.number !== undefined) return `${subject.repository}#${subject.number}`;
  if (subject.sha) return `${subject.repository}@${subject.sha.slice(0, 7)}`;
  return subject.repository;
}
