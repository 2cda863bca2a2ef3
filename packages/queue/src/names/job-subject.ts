// The subject of a GitHub payload is read by @hookline/github (subjectOfGithubPayload),
// which returns this same shape.

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

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
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
