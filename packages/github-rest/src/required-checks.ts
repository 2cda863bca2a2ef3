import type { GithubClient } from "./create-github-client";

/** A check that must pass before a pull request into a branch may merge. */
export interface RequiredCheck {
  /** The check run name or status context. */
  context: string;
  /** The App that must report it, when protection names one. */
  app_id: number | null;
}

interface ProtectionChecks {
  contexts?: string[];
  checks?: Array<{ context: string; app_id?: number | null }>;
}

interface BranchRule {
  type: string;
  parameters?: {
    required_status_checks?: Array<{ context: string; integration_id?: number | null }>;
  };
}

function repoPath(fullName: string): string {
  const [owner, repo] = fullName.split("/") as [string, string];
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
}

/**
 * The required status checks of a branch, from both places GitHub keeps
 * them: branch protection
 * (`GET /repos/{o}/{r}/branches/{branch}/protection/required_status_checks`,
 * 404 when the branch is not protected; needs "Administration: read") and
 * the rulesets that apply to the branch (`GET /repos/{o}/{r}/rules/branches/{branch}`,
 * rules of type `required_status_checks`; "Metadata: read"). One entry per
 * context. Errors other than "not protected" are thrown (octokit's RequestError).
 */
export async function readRequiredChecks(
  client: GithubClient,
  fullName: string,
  branch: string,
): Promise<RequiredCheck[]> {
  const base = `${repoPath(fullName)}`;
  const encoded = encodeURIComponent(branch);
  const byContext = new Map<string, RequiredCheck>();
  try {
    const { data } = await client.request(
      `GET ${base}/branches/${encoded}/protection/required_status_checks`,
    );
    const protection = data as ProtectionChecks;
    const checks =
      protection.checks ??
      (protection.contexts ?? []).map((context) => ({ context, app_id: null }));
    for (const check of checks)
      byContext.set(check.context, { context: check.context, app_id: check.app_id ?? null });
  } catch (error) {
    // octokit's RequestError carries the HTTP status.
    if ((error as { status?: number }).status !== 404) throw error;
  }
  const rules = (await client.paginate(`GET ${base}/rules/branches/${encoded}`, {
    per_page: 100,
  })) as BranchRule[];
  for (const rule of rules) {
    if (rule.type !== "required_status_checks") continue;
    for (const check of rule.parameters?.required_status_checks ?? [])
      if (!byContext.has(check.context))
        byContext.set(check.context, {
          context: check.context,
          app_id: check.integration_id ?? null,
        });
  }
  return [...byContext.values()].sort((a, b) => a.context.localeCompare(b.context));
}
