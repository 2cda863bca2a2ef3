import type { RawObject } from "./env-overrides";
import { dashboardSchema } from "./schema";
import { githubSchema } from "./schema/github";
import { incomingSchema } from "./schema/incoming";
import { retentionProblems, retentionSchema } from "./schema/retention";

/** The processes that read this configuration; each needs different parts. */
export type Role = "ingest" | "worker" | "notifier" | "dashboard" | "replay" | "sweeper" | "tool";

// The dashboard and the replay command touch only Redis and PostgreSQL: they
// read no channel or source settings, so a missing channel secret must not
// stop on-call from replaying (the rest of config.yaml is not even checked).
const ONLY_SECTIONS: Partial<Record<Role, readonly string[]>> = {
  dashboard: ["log_level", "shutdown_timeout", "redis", "database", "dashboard"],
  replay: ["log_level", "shutdown_timeout", "redis", "database", "dashboard"],
};

/** The top-level sections a role reads, or undefined for all of them. */
export function sectionsOf(role: Role): readonly string[] | undefined {
  return ONLY_SECTIONS[role];
}

function ingestProblems(raw: RawObject): string[] {
  // Checked on the section alone so these problems are reported together
  // with any schema errors elsewhere; an invalid section is reported by the schema.
  const parsed = incomingSchema
    .pick({ signature_required: true, github: true, sources: true })
    .safeParse(raw.incoming ?? {});
  if (!parsed.success || !parsed.data.signature_required) return [];
  const problems: string[] = [];
  if (parsed.data.github.secrets.length === 0) {
    problems.push(
      "incoming.github.secrets: signature verification is required but no secret is configured " +
        "(set GITHUB_WEBHOOK_SECRET, or WEBHOOK_SIGNATURE_REQUIRED=false for local use only)",
    );
  }
  for (const [name, source] of Object.entries(parsed.data.sources)) {
    if (source.secrets.length === 0) {
      problems.push(
        `incoming.sources.${name}.secrets: signature verification is required but no secret is configured`,
      );
    }
  }
  return problems;
}

function dashboardProblems(raw: RawObject): string[] {
  const parsed = dashboardSchema.safeParse(raw.dashboard ?? {});
  if (!parsed.success) return [];
  const { users, local_only } = parsed.data;
  if (local_only || Object.keys(users).length > 0) return [];
  return [
    "dashboard.users: the dashboard needs named users (DASHBOARD_USERS) unless dashboard.local_only is true",
  ];
}

function sweeperProblems(raw: RawObject): string[] {
  const parsed = githubSchema.safeParse(raw.github ?? {});
  if (!parsed.success) return [];
  const { token, app, hooks } = parsed.data;
  const problems: string[] = [];
  const repositoryAuth = token !== undefined || app?.installation_id !== undefined;
  hooks.forEach((hook, index) => {
    if (hook.kind !== "app" && !repositoryAuth)
      problems.push(
        `github.hooks[${index}]: a ${hook.kind} hook needs github.token (GITHUB_TOKEN) or github.app.installation_id`,
      );
    if (hook.kind === "app" && !(hook.app_id ?? app?.app_id))
      problems.push(`github.hooks[${index}]: an app hook needs app_id here or in github.app`);
    if (hook.kind === "app" && !(hook.private_key ?? app?.private_key))
      problems.push(
        `github.hooks[${index}]: an app hook needs private_key here or in github.app (GITHUB_APP_PRIVATE_KEY)`,
      );
  });
  return problems;
}

// The sweeper runs retention: its ledger window is checked against the
// ingest's dedupe window (both sections alone, as ingestProblems does).
function retentionSectionProblems(raw: RawObject): string[] {
  const retention = retentionSchema.safeParse(raw.retention ?? {});
  const incoming = incomingSchema.safeParse(raw.incoming ?? {});
  if (!retention.success || !incoming.success) return [];
  return retentionProblems(retention.data, incoming.data.dedupe_ttl);
}

export function roleProblems(raw: RawObject, role: Role): string[] {
  if (role === "ingest") return ingestProblems(raw);
  if (role === "dashboard") return dashboardProblems(raw);
  if (role === "sweeper") return [...sweeperProblems(raw), ...retentionSectionProblems(raw)];
  return [];
}
