/**
 * What a GitHub payload is about, in GitHub's words: the repository's full
 * name, the pull request number (a check's first listed pull request), or
 * the commit of a status. Structurally @hookline/queue's JobSubject.
 */
export interface PayloadSubject {
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
export function subjectOfGithubPayload(payload: unknown): PayloadSubject {
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
