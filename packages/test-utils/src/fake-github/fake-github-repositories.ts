import type { FakeRepository } from "./fake-github-types";

/**
 * GitHub's repository endpoints backfill, the drift detector and the
 * required-checks reader call, served from `repositories` (full name →
 * contents): the repository; `pulls` with page-number pagination whose Link
 * URLs point at /repositories/{id}/, and one pull request by number; a
 * commit's check runs, check suites (wrapped lists), statuses and combined
 * status; a branch's protection (required status checks, 404 when not
 * protected) and the rules that apply to it.
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
  const one = /^\/pulls\/(\d+)$/.exec(rest);
  if (one) {
    const pull = repository.pulls.find((candidate) => String(candidate.number) === one[1]);
    if (!pull) return notFound();
    // The full pull request adds what the list leaves out: merged among others.
    return json(200, { merged: pull.merged_at != null, mergeable: null, commits: 1, ...pull });
  }
  const combined = /^\/commits\/([^/]+)\/status$/.exec(rest);
  if (combined) {
    const sha = decodeURIComponent(combined[1]!);
    const latest = new Map<string, Record<string, unknown>>();
    for (const status of repository.statuses.get(sha) ?? [])
      if (!latest.has(String(status.context))) latest.set(String(status.context), status);
    const states = [...latest.values()].map((status) => status.state);
    // GitHub's combined state: failure if any failed or errored, pending if any is pending or none exists.
    const state = states.some((value) => value === "failure" || value === "error")
      ? "failure"
      : states.length === 0 || states.includes("pending")
        ? "pending"
        : "success";
    return json(200, { state, sha, total_count: latest.size, statuses: [...latest.values()] });
  }
  const protection = /^\/branches\/([^/]+)\/protection\/required_status_checks$/.exec(rest);
  if (protection) {
    const checks = repository.protection?.get(decodeURIComponent(protection[1]!));
    if (!checks) return json(404, { message: "Branch not protected", status: "404" });
    return json(200, {
      strict: false,
      contexts: checks.map((check) => check.context),
      checks: checks.map((check) => ({ context: check.context, app_id: check.app_id ?? null })),
    });
  }
  const rules = /^\/rules\/branches\/([^/]+)$/.exec(rest);
  if (rules) {
    const checks = repository.rulesets?.get(decodeURIComponent(rules[1]!)) ?? [];
    if (checks.length === 0) return json(200, []);
    return json(200, [
      {
        type: "required_status_checks",
        ruleset_source_type: "Repository",
        ruleset_source: repository.repository.full_name,
        ruleset_id: 7,
        parameters: {
          strict_required_status_checks_policy: false,
          required_status_checks: checks.map((check) => ({
            context: check.context,
            ...(check.app_id ? { integration_id: check.app_id } : {}),
          })),
        },
      },
    ]);
  }
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
