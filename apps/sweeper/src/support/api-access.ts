import type { Config } from "@hookline/config";

/**
 * Why `command` (drift, backfill) cannot read GitHub's REST API with this
 * configuration, in words that say what to set; null when it can (a token,
 * or a GitHub App installation, as github-clients.ts's repository client
 * takes them). Checked before anything connects, so the answer comes at
 * once rather than after Redis or PostgreSQL are reached (or time out).
 */
export function apiAccessProblem(command: string, github: Config["github"]): string | null {
  if (github.token || github.app?.installation_id !== undefined) return null;
  return (
    `npm run ${command} needs GitHub API access, and none is configured: set github.token ` +
    `(or GITHUB_TOKEN), or a GitHub App installation (github.app.app_id, private_key and ` +
    `installation_id, or GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID). ` +
    `See docs/recovery.md.`
  );
}
