/** A pull request as people name it: acme/web#603. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

const NAME = "[A-Za-z0-9_.-]+";
const SHORT = new RegExp(`^(${NAME})/(${NAME})#(\\d+)$`);
const PATH = new RegExp(`^/?(${NAME})/(${NAME})/pulls?/(\\d+)(?:/.*)?$`);

/**
 * Reads "acme/web#603", "acme/web/pull/603" or a GitHub URL
 * ("https://github.com/acme/web/pull/603/files", any host: GitHub Enterprise
 * too). Returns undefined for anything else.
 */
export function parsePullRequestRef(text: string): PullRequestRef | undefined {
  const value = text.trim();
  let match = SHORT.exec(value) ?? PATH.exec(value);
  if (!match && /^https?:\/\//i.test(value)) {
    try {
      match = PATH.exec(new URL(value).pathname);
    } catch {
      match = null;
    }
  }
  if (!match) return undefined;
  const number = Number(match[3]);
  if (!Number.isSafeInteger(number) || number < 1) return undefined;
  return { owner: match[1]!, repo: match[2]!, number };
}

export function formatRef(ref: PullRequestRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}

export function pageUrl(ref: PullRequestRef): string {
  return `/pull-requests/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/${ref.number}`;
}
