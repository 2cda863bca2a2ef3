import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "./config-error";
import { applyEnvOverrides, type RawObject } from "./env-overrides";
import { interpolate, type Environment, type InterpolationProblem } from "./interpolate";
import { roleProblems, sectionsOf, type Role } from "./role-requirements";
import { configSchema, type Config } from "./schema";

export interface LoadConfigOptions {
  /** The process environment; the one place in the code base that reads it passes it in. */
  env: Environment;
  role: Role;
  /** YAML text to use instead of reading CONFIG_PATH (tests). */
  yaml?: string;
}

function readYaml(options: LoadConfigOptions, problems: string[]): unknown {
  if (options.yaml !== undefined) return parseYaml(options.yaml);
  const path = options.env.CONFIG_PATH;
  if (!path) return {};
  try {
    return parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    problems.push(`CONFIG_PATH: cannot read ${path} as YAML (${reason})`);
    return {};
  }
}

function describeInterpolation(problem: InterpolationProblem): string {
  return `${problem.path || "(root)"}: environment variable ${problem.variable} is not set and has no default`;
}

/** Reads, interpolates, overrides and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(options: LoadConfigOptions): Config {
  const problems: string[] = [];
  const document = readYaml(options, problems) ?? {};
  if (typeof document !== "object" || Array.isArray(document)) {
    throw new ConfigError(["config.yaml: expected a mapping at the top level"]);
  }
  const sections = sectionsOf(options.role);
  const read = sections
    ? Object.fromEntries(Object.entries(document).filter(([key]) => sections.includes(key)))
    : document;
  const interpolationProblems: InterpolationProblem[] = [];
  const raw = interpolate(read, options.env, interpolationProblems) as RawObject;
  problems.push(...interpolationProblems.map(describeInterpolation));
  const sources = applyEnvOverrides(raw, options.env);
  // Environment overrides for sections this role does not read are dropped too.
  if (sections) for (const key of Object.keys(raw)) if (!sections.includes(key)) delete raw[key];

  const parsed = configSchema.safeParse(raw);
  for (const issue of parsed.error?.issues ?? []) {
    const key = issue.path.join(".");
    const variable = sources.get(key);
    problems.push(`${key}${variable ? ` (from ${variable})` : ""}: ${issue.message}`);
  }
  problems.push(...roleProblems(raw, options.role));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}
