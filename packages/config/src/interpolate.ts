// `${VAR}` and `${VAR:-default}` in config.yaml string values. Unset variables
// without a default are collected, not thrown one by one, so the operator sees
// every missing variable in a single start-up error.
const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type Environment = Readonly<Record<string, string | undefined>>;

export interface InterpolationProblem {
  path: string;
  variable: string;
}

export function interpolate(
  value: unknown,
  env: Environment,
  problems: InterpolationProblem[],
  path = "",
): unknown {
  if (typeof value === "string") {
    return value.replace(PLACEHOLDER, (_match, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== "") return found;
      if (fallback !== undefined) return fallback;
      problems.push({ path, variable: name });
      return "";
    });
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => interpolate(item, env, problems, `${path}[${index}]`));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        interpolate(item, env, problems, path ? `${path}.${key}` : key),
      ]),
    );
  }
  return value;
}
