import type { Environment } from "../interpolate";

/**
 * The environment `npm start` gives its apps: a GitHub webhook secret (the
 * development one it keeps in .hookline/local, `developmentSecret`) unless
 * GITHUB_WEBHOOK_SECRET is set, and a local-only dashboard unless
 * DASHBOARD_USERS names users. One definition, so `npm run config -- check`
 * can say when `npm start` would start with a configuration the apps alone
 * would refuse. Returns a new object; `env` is not changed.
 */
export function localStackEnv(
  env: Environment,
  developmentSecret: () => string,
): Record<string, string | undefined> {
  const local: Record<string, string | undefined> = { ...env };
  local.GITHUB_WEBHOOK_SECRET ??= developmentSecret();
  // Without named users the dashboard only listens on 127.0.0.1.
  if (!local.DASHBOARD_USERS) local.DASHBOARD_LOCAL_ONLY ??= "true";
  return local;
}
