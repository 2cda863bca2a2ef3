import type { Environment } from "./interpolate";

type Path = readonly string[];

// DESIGN.md's environment variables and the config keys they override.
const SIMPLE_OVERRIDES: ReadonlyArray<readonly [variable: string, path: Path]> = [
  ["GITHUB_WEBHOOK_SECRET", ["incoming", "github", "secrets"]],
  ["WEBHOOK_RATE_LIMIT", ["incoming", "rate_limit"]],
  ["WEBHOOK_SIGNATURE_REQUIRED", ["incoming", "signature_required"]],
  ["WEBHOOK_TIMEOUT", ["outgoing", "timeout"]],
  ["REDIS_URL", ["redis", "url"]],
  ["DATABASE_URL", ["database", "url"]],
  ["INGEST_PORT", ["ingest", "port"]],
  ["DASHBOARD_PORT", ["dashboard", "port"]],
  ["LOG_LEVEL", ["log_level"]],
  // Beyond DESIGN.md's list: per-replica settings operators set at launch.
  ["WORKER_CONCURRENCY", ["worker", "concurrency"]],
  ["WORKER_METRICS_PORT", ["worker", "metrics_port"]],
  ["NOTIFIER_CONCURRENCY", ["notifier", "concurrency"]],
  ["NOTIFIER_METRICS_PORT", ["notifier", "metrics_port"]],
  ["DASHBOARD_USERS", ["dashboard", "users"]],
  ["DASHBOARD_LOCAL_ONLY", ["dashboard", "local_only"]],
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
