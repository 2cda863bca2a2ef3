import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { ConfigError } from "./config-error";
import { findConfigFile, type ConfigFile } from "./config-file";
import { applyEnvOverrides, type RawObject } from "./env-overrides";
import { interpolate, type Environment, type InterpolationProblem } from "./interpolate";
import { roleProblems, sectionsOf, type Role } from "./role-requirements";
import { configSchema, type Config } from "./schema";
import { describeIssue } from "./strict/describe-issue";
import { keyPaths, shapeOf } from "./strict/schema-shape";
import { unknownKeys } from "./strict/unknown-keys";
import { parseYamlSource, type YamlSource } from "./strict/yaml-source";

export interface LoadConfigOptions {
  /** The process environment; the one place in the code base that reads it passes it in. */
  env: Environment;
  role: Role;
  /** YAML text to use instead of reading a file (tests). */
  yaml?: string;
  /** Where `config.yaml` is looked for when CONFIG_PATH is unset; omitted: nowhere. */
  cwd?: string;
}

export interface LoadedConfig {
  config: Config;
  file: ConfigFile;
}

const SCHEMA_SHAPE = shapeOf(configSchema);
const KEY_PATHS = keyPaths(SCHEMA_SHAPE);

/**
 * Where a top-level key that belongs in a section lives (e.g. `time_zone`
 * is `dashboard.time_zone`): the schema's paths whose last name is that
 * key, at most three; empty when there is none or too many to help.
 */
function placesOf(key: string | number | undefined): string[] {
  if (typeof key !== "string") return [];
  const places = KEY_PATHS.filter((path) => path.split(".").at(-1) === key);
  return places.length <= 3 ? places : [];
}

/** `github.hooks[0].kind`: how paths read in the file's terms. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index > 0 ? "." : ""}${String(segment)}`,
    )
    .join("");
}

function readSource(options: LoadConfigOptions, file: ConfigFile, problems: string[]) {
  if (options.yaml !== undefined) return parseYamlSource(options.yaml, "config.yaml");
  if (file.kind === "none") return undefined;
  let text: string;
  try {
    text = readFileSync(file.path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    const named = file.kind === "named" ? "CONFIG_PATH: " : "";
    problems.push(`${named}cannot read ${file.path} (${code})`);
    return undefined;
  }
  return parseYamlSource(text, file.kind === "found" ? basename(file.path) : file.path);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/**
 * Reads, interpolates, overrides and validates the configuration; throws
 * ConfigError listing every problem once: YAML syntax errors with line and
 * column, unknown keys with a did-you-mean, unset variables, and values the
 * schema refuses, in the words of what was written.
 */
export function loadConfigFrom(options: LoadConfigOptions): LoadedConfig {
  const problems: string[] = [];
  const file = findConfigFile(options.env, options.cwd);
  const source: YamlSource | undefined = readSource(options, file, problems);
  if (source && source.errors.length > 0) throw new ConfigError([...problems, ...source.errors]);
  const document = source?.value ?? {};
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new ConfigError(["config.yaml: expected a mapping of keys at the top level"]);
  }
  const at = (path: readonly (string | number)[]) =>
    source && valueAt(document, path) !== undefined ? ` (${source.locate(path)})` : "";

  const sections = sectionsOf(options.role);
  // A role that reads only some sections checks those; keys unknown anywhere are still errors.
  const checked = sections
    ? Object.fromEntries(
        Object.entries(document).map(([key, value]) => [key, sections.includes(key) ? value : {}]),
      )
    : document;
  for (const unknown of unknownKeys(SCHEMA_SHAPE, checked)) {
    const parent = unknown.path.slice(0, -1);
    // Only at the top level, where a missing section is the likely slip: deeper
    // down, a key of the same name elsewhere (a source's "token" and
    // github.token) is more often another thing than the one meant.
    const elsewhere =
      unknown.suggestion || unknown.path.length > 1 ? [] : placesOf(unknown.path[0]);
    const hint = unknown.suggestion
      ? `; did you mean ${formatPath([...parent, unknown.suggestion])}?`
      : elsewhere.length > 0
        ? `; did you mean ${elsewhere.join(" or ")}?`
        : "";
    problems.push(`${formatPath(unknown.path)}: unknown key${hint}${at(unknown.path)}`);
  }

  const read = sections
    ? Object.fromEntries(Object.entries(document).filter(([key]) => sections.includes(key)))
    : document;
  const interpolationProblems: InterpolationProblem[] = [];
  const raw = interpolate(read, options.env, interpolationProblems) as RawObject;
  const unset = new Set(interpolationProblems.map((problem) => problem.path));
  for (const problem of interpolationProblems) {
    problems.push(
      `${problem.path || "(root)"}: environment variable ${problem.variable} is not set and has no default`,
    );
  }
  const sources = applyEnvOverrides(raw, options.env);
  // Environment overrides for sections this role does not read are dropped too.
  if (sections) for (const key of Object.keys(raw)) if (!sections.includes(key)) delete raw[key];

  const parsed = configSchema.safeParse(raw);
  const reported = new Set<string>();
  for (const issue of parsed.error?.issues ?? []) {
    const key = formatPath(issue.path);
    const variable = sources.get(issue.path.join("."));
    // Said once: an unset variable is the problem, not the empty value it left.
    if (reported.has(key) || (!variable && unset.has(key))) continue;
    reported.add(key);
    const input = valueAt(raw, issue.path);
    const where = variable ? ` (from ${variable})` : "";
    const message = describeIssue(issue, key, input);
    const path = issue.path.filter((segment) => typeof segment !== "symbol");
    problems.push(`${key}${where}: ${message}${variable ? "" : at(path)}`);
  }
  problems.push(...roleProblems(raw, options.role));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return { config: parsed.data, file };
}

/** loadConfigFrom without the file it came from. */
export function loadConfig(options: LoadConfigOptions): Config {
  return loadConfigFrom(options).config;
}
