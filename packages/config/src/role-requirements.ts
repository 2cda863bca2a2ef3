import type { Config } from "./schema";

/** The processes that read this configuration; each needs different parts. */
export type Role = "ingest" | "worker" | "notifier" | "dashboard" | "tool";

export function roleProblems(config: Config, role: Role): string[] {
  const problems: string[] = [];
  if (role === "ingest") {
    const { incoming } = config;
    if (incoming.signature_required && incoming.github.secrets.length === 0) {
      problems.push(
        "incoming.github.secrets: signature verification is required but no secret is configured " +
          "(set GITHUB_WEBHOOK_SECRET, or WEBHOOK_SIGNATURE_REQUIRED=false for local use only)",
      );
    }
    for (const [name, source] of Object.entries(incoming.sources)) {
      if (incoming.signature_required && source.secrets.length === 0) {
        problems.push(`incoming.sources.${name}.secrets: signature verification is required but no secret is configured`);
      }
    }
  }
  if (role === "dashboard") {
    const { dashboard } = config;
    const hasCredentials = dashboard.username !== undefined && dashboard.password !== undefined;
    if (!hasCredentials && !dashboard.local_only) {
      problems.push(
        "dashboard.username/dashboard.password: the dashboard needs credentials unless dashboard.local_only is true",
      );
    }
  }
  return problems;
}
