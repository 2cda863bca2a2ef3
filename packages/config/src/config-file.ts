import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Environment } from "./interpolate";

export const DEFAULT_CONFIG_FILE = "config.yaml";

/** Which file a process reads, and why: named by CONFIG_PATH, found in the working directory, or none. */
export type ConfigFile =
  | { kind: "named"; path: string }
  | { kind: "found"; path: string }
  | { kind: "none"; looked: string | undefined };

/**
 * CONFIG_PATH when set; else `config.yaml` in `cwd` when it exists (what a
 * newcomer who put one next to package.json expects); else none. Without a
 * `cwd` (tests that pass their own environment) no default file is looked for.
 */
export function findConfigFile(env: Environment, cwd?: string): ConfigFile {
  if (env.CONFIG_PATH) return { kind: "named", path: resolve(cwd ?? ".", env.CONFIG_PATH) };
  if (cwd === undefined) return { kind: "none", looked: undefined };
  const path = join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(path) ? { kind: "found", path } : { kind: "none", looked: path };
}

/** One line saying which file was read, for the first thing a process prints. */
export function describeConfigFile(file: ConfigFile): string {
  if (file.kind === "named") return `configuration from ${file.path} (CONFIG_PATH)`;
  if (file.kind === "found") return `configuration from ${file.path} (CONFIG_PATH is not set)`;
  return file.looked
    ? `no configuration file: CONFIG_PATH is not set and ${file.looked} does not exist; defaults and environment variables only`
    : "no configuration file: defaults and environment variables only";
}
