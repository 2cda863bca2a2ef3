import type { Environment } from "./interpolate";

type Path = readonly string[];

// The environment variables operators set and the config keys they override.
const SIMPLE_OVERRIDES: ReadonlyArray<readonly [variable: string, path: Path]> = [
  ["GITHUB_WEBHOOK_SECRET", ["incoming", "github", "secrets"]],
  ["WEBHOOK_RATE_LIMIT", ["incoming", "rate_limit"]],
  ["WEBHOOK_SIGNATURE_REQUIRED", ["incoming", "signature_required"]],
  ["WEBHOOK_TIMEOUT", ["outgoing", "timeout"]],
  ["REDIS_URL", ["redis", "url"]],
  ["REDIS_CLUSTER_NODES", ["redis", "cluster_nodes"]],
  ["DATABASE_URL", ["database", "url"]],
  ["INGEST_PORT", ["ingest", "port"]],
  ["DASHBOARD_PORT", ["dashboard", "port"]],
  ["LOG_LEVEL", ["log_level"]],
  // Per-replica settings operators set at launch.
  ["WORKER_CONCURRENCY", ["worker", "concurrency"]],
  ["WORKER_METRICS_PORT", ["worker", "metrics_port"]],
  ["NOTIFIER_CONCURRENCY", ["notifier", "concurrency"]],
  ["NOTIFIER_METRICS_PORT", ["notifier", "metrics_port"]],
  ["DASHBOARD_USERS", ["dashboard", "users"]],
  ["DASHBOARD_LOCAL_ONLY", ["dashboard", "local_only"]],
  ["WEBHOOK_VERIFIED_RATE_LIMIT", ["incoming", "verified_rate_limit"]],
  ["INGEST_HEADERS_TIMEOUT", ["ingest", "headers_timeout"]],
  ["INGEST_REQUEST_TIMEOUT", ["ingest", "request_timeout"]],
  ["GITHUB_API_URL", ["github", "api_url"]],
  ["GITHUB_TOKEN", ["github", "token"]],
  ["GITHUB_APP_ID", ["github", "app", "app_id"]],
  ["GITHUB_APP_PRIVATE_KEY", ["github", "app", "private_key"]],
  ["GITHUB_APP_INSTALLATION_ID", ["github", "app", "installation_id"]],
  ["GITHUB_SWEEP_INTERVAL", ["github", "sweep", "interval"]],
  ["GITHUB_SWEEP_LOOK_BACK", ["github", "sweep", "look_back"]],
  ["GITHUB_SWEEP_MAX_REDELIVERIES", ["github", "sweep", "max_redeliveries"]],
  ["SWEEPER_METRICS_PORT", ["sweeper", "metrics_port"]],
  // Where a process binds and which key prefix it uses: tests and replicas on one host.
  ["REDIS_PREFIX", ["redis", "prefix"]],
  ["INGEST_HOST", ["ingest", "host"]],
  ["WORKER_METRICS_HOST", ["worker", "metrics_host"]],
  ["NOTIFIER_METRICS_HOST", ["notifier", "metrics_host"]],
  ["SWEEPER_METRICS_HOST", ["sweeper", "metrics_host"]],
];

// <NAME>_WEBHOOK_URL / <NAME>_WEBHOOK_TOKEN configure the outgoing channel <name>.
const CHANNEL_OVERRIDES = ["monitoring", "alerting"] as const;

export type RawObject = Record<string, unknown>;

/** Which environment variable set a config key, so errors can name it. */
export type OverrideSources = Map<string, string>;

function child(parent: RawObject, key: string): RawObject {
  const existing = parent[key];
  if (existing !== null && typeof existing === "object" && !Array.isArray(existing)) {
    return existing as RawObject;
  }
  const created: RawObject = {};
  parent[key] = created;
  return created;
}

function setPath(root: RawObject, path: Path, value: unknown): void {
  const parent = path.slice(0, -1).reduce(child, root);
  parent[path[path.length - 1] as string] = value;
}

function present(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

export function applyEnvOverrides(raw: RawObject, env: Environment): OverrideSources {
  const sources: OverrideSources = new Map();
  for (const [variable, path] of SIMPLE_OVERRIDES) {
    const value = present(env, variable);
    if (value === undefined) continue;
    setPath(raw, path, value);
    sources.set(path.join("."), variable);
  }
  for (const name of CHANNEL_OVERRIDES) {
    const prefix = name.toUpperCase();
    const url = present(env, `${prefix}_WEBHOOK_URL`);
    const token = present(env, `${prefix}_WEBHOOK_TOKEN`);
    if (url === undefined && token === undefined) continue;
    const channel = child(child(child(raw, "outgoing"), "channels"), name);
    if (url !== undefined) {
      channel.url = url;
      sources.set(`outgoing.channels.${name}.url`, `${prefix}_WEBHOOK_URL`);
    }
    if (token !== undefined) {
      child(channel, "headers").Authorization = `Bearer ${token}`;
    }
  }
  return sources;
}

/** Every environment variable that sets a config key, with the key: what deploy manifests may set. */
export function overrideVariables(): ReadonlyMap<string, string> {
  const variables = new Map<string, string>(
    SIMPLE_OVERRIDES.map(([variable, path]) => [variable, path.join(".")]),
  );
  for (const name of CHANNEL_OVERRIDES) {
    variables.set(`${name.toUpperCase()}_WEBHOOK_URL`, `outgoing.channels.${name}.url`);
    variables.set(`${name.toUpperCase()}_WEBHOOK_TOKEN`, `outgoing.channels.${name}.headers`);
  }
  return variables;
}

/** "worker.metrics_port (or WORKER_METRICS_PORT)": how to change a setting, for messages. */
export function describeSetting(key: string): string {
  const variable = SIMPLE_OVERRIDES.find(([, path]) => path.join(".") === key)?.[0];
  return variable ? `${key} (or ${variable})` : key;
}
