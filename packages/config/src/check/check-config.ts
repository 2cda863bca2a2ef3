import { ConfigError } from "../config-error";
import { findConfigFile, type ConfigFile } from "../config-file";
import type { Environment } from "../interpolate";
import { loadConfigFrom } from "../load-config";
import type { Role } from "../role-requirements";
import type { Config } from "../schema";
import { redactConfig } from "./redact-config";

/** The long-running apps `npm start` runs; each checks what it needs (the ingest its secret, the dashboard its users). */
export const APP_ROLES = [
  "ingest",
  "worker",
  "notifier",
  "dashboard",
  "sweeper",
] as const satisfies readonly Role[];

export type ConfigCheck =
  | { ok: true; file: ConfigFile; effective: unknown; config: Config }
  | { ok: false; file: ConfigFile; problems: string[] };

/**
 * Loads the configuration as every app would, and gathers their problems,
 * each once (a problem every app shares is one line, not five). `effective`
 * is the whole configuration with defaults filled in and secrets redacted.
 */
export function checkConfig(env: Environment, cwd: string): ConfigCheck {
  const problems: string[] = [];
  let whole: ReturnType<typeof loadConfigFrom> | undefined;
  for (const role of ["tool", ...APP_ROLES] as const) {
    try {
      const loaded = loadConfigFrom({ env, role, cwd });
      if (role === "tool") whole = loaded;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) if (!problems.includes(problem)) problems.push(problem);
    }
  }
  // Which file was read matters most when nothing loaded.
  const file = whole?.file ?? findConfigFile(env, cwd);
  if (problems.length > 0 || !whole) return { ok: false, file, problems };
  return { ok: true, file, config: whole.config, effective: redactConfig(whole.config) };
}
