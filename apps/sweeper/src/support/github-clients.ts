import type { Config, GithubHookConfig } from "@hookline/config";
import {
  createGithubClient,
  type GithubAuth,
  type GithubClient,
  type HookTarget,
  type RateLimitWait,
} from "@hookline/github-rest";

export interface GithubClients {
  /** The client that may read and redeliver this hook's deliveries. */
  forHook(hook: HookTarget): GithubClient;
  /** The client for repository endpoints (backfill): the token, else the App's installation. */
  forRepositories(): GithubClient;
  /** Every configured hook, in configuration order. */
  hooks: HookTarget[];
}

function hookTarget(hook: GithubHookConfig, config: Config["github"]): HookTarget {
  if (hook.kind === "repository") {
    const [owner, repo] = hook.repository.split("/") as [string, string];
    return { kind: "repository", owner, repo, hookId: hook.hook_id };
  }
  if (hook.kind === "organization")
    return { kind: "organization", org: hook.org, hookId: hook.hook_id };
  return { kind: "app", appId: (hook.app_id ?? config.app?.app_id)! };
}

/**
 * Clients per credential, made on first use. Repository and organization
 * hooks use the token (or the App's installation); an App hook uses that
 * App's JWT, which octokit's auth-app signs and re-signs with GitHub's clock.
 */
export function createGithubClients(
  config: Config["github"],
  onRateLimitWait: (wait: RateLimitWait) => void,
  warn: (message: string) => void,
): GithubClients {
  const made = new Map<string, GithubClient>();
  const client = (name: string, auth: GithubAuth) => {
    let existing = made.get(name);
    if (!existing) {
      existing = createGithubClient({
        baseUrl: config.api_url,
        auth,
        writeIntervalMs: config.sweep.write_interval,
        retryBaseMs: config.sweep.retry_base,
        maxRateLimitWaitMs: config.sweep.max_rate_limit_wait,
        onRateLimitWait,
        warn,
      });
      made.set(name, existing);
    }
    return existing;
  };
  const forRepositories = () => {
    if (config.token) return client("token", { kind: "token", token: config.token });
    const app = config.app;
    if (app?.installation_id === undefined)
      throw new Error(
        "github.token or github.app.installation_id is required for repository endpoints",
      );
    return client(`installation:${app.installation_id}`, {
      kind: "app",
      appId: app.app_id,
      privateKey: app.private_key,
      installationId: app.installation_id,
    });
  };
  const appKeys = new Map(
    config.hooks.flatMap((hook) =>
      hook.kind === "app"
        ? [
            [
              hook.app_id ?? config.app?.app_id,
              hook.private_key ?? config.app?.private_key,
            ] as const,
          ]
        : [],
    ),
  );
  return {
    hooks: config.hooks.map((hook) => hookTarget(hook, config)),
    forRepositories,
    forHook(hook) {
      if (hook.kind !== "app") return forRepositories();
      const privateKey = appKeys.get(hook.appId);
      if (!privateKey) throw new Error(`no private key for GitHub App ${hook.appId}`);
      return client(`app:${hook.appId}`, { kind: "app", appId: hook.appId, privateKey });
    },
  };
}
