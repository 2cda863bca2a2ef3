import type { FakeRepository } from "./fake-github";

/**
 * GitHub's repository endpoints the backfill reads, served from
 * `repositories` (full name → contents): the repository, `pulls` with
 * page-number pagination whose Link URLs point at /repositories/{id}/, and a
 * commit's check runs, check suites (wrapped lists) and statuses.
 */
export function answerRepository(
  repositories: ReadonlyMap<string, FakeRepository>,
  baseUrl: string,
  method: string,
  path: string,
  url: URL,
  json: (status: number, body: unknown, headers?: Record<string, string>) => void,
  notFound: () => void,
): void {
  if (method !== "GET") return notFound();
  const byName = /^\/repos\/([^/]+\/[^/]+)(\/.*)?$/.exec(path);
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  const repository = byName
    ? repositories.get(decodeURIComponent(byName[1]!))
    : [...repositories.values()].find((candidate) => String(candidate.repository.id) === byId?.[1]);
  if (!repository) return notFound();
  const rest = (byName ?? byId)![2] ?? "";
  const paged = <T>(items: T[], wrap?: string) => {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), 100);
    const page = Number(url.searchParams.get("page") ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number) => {
      // GitHub's Link URLs for pulls point at /repositories/{id}/: followed as given.
      const next = new URL(`${baseUrl}/repositories/${repository.repository.id}${rest}`);
      url.searchParams.forEach((value, key) => next.searchParams.set(key, value));
      next.searchParams.set("page", String(n));
      return next.toString();
    };
    const links = [];
    if (page < lastPage)
      links.push(`<${link(page + 1)}>; rel="next"`, `<${link(lastPage)}>; rel="last"`);
    const headers: Record<string, string> = links.length ? { link: links.join(", ") } : {};
    return json(200, wrap ? { total_count: items.length, [wrap]: slice } : slice, headers);
  };
  if (rest === "") return json(200, repository.repository);
  if (rest === "/pulls") {
    const state = url.searchParams.get("state") ?? "open";
    return paged(repository.pulls.filter((pull) => state === "all" || pull.state === state));
  }
  const commit = /^\/commits\/([^/]+)\/(check-runs|check-suites|statuses)$/.exec(rest);
  if (commit) {
    const sha = decodeURIComponent(commit[1]!);
    if (commit[2] === "check-runs") return paged(repository.checkRuns.get(sha) ?? [], "check_runs");
    if (commit[2] === "check-suites")
      return paged(repository.checkSuites.get(sha) ?? [], "check_suites");
    return paged(repository.statuses.get(sha) ?? []);
  }
  return notFound();
}
