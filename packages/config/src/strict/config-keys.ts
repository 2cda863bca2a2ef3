import { configSchema } from "../schema";
import { keyPaths, shapeOf, type Shape } from "./schema-shape";

/**
 * Every key of the configuration schema as a path: `outgoing.channels.<name>.url`,
 * `github.hooks[].kind`. What config.example.yaml and docs/configuration.md are checked against.
 */
export function configKeyPaths(): string[] {
  return keyPaths(shapeOf(configSchema));
}

/**
 * The key paths a configuration document sets, in configKeyPaths' notation
 * (a record's entries as `<name>`, a list's elements as `[]`), for keys the
 * schema knows; unknown keys are left to loadConfig's errors.
 */
export function writtenKeyPaths(document: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (shape: Shape, value: unknown, prefix: string) => {
    if (Array.isArray(value)) {
      const list = shape.kind === "union" ? shape.options.find((o) => o.kind === "array") : shape;
      if (list?.kind === "array") for (const item of value) walk(list.element, item, `${prefix}[]`);
      return;
    }
    if (value === null || typeof value !== "object") return;
    if (shape.kind === "record") {
      for (const item of Object.values(value)) walk(shape.value, item, `${prefix}.<name>`);
      return;
    }
    const options = shape.kind === "union" ? shape.options : [shape];
    for (const [key, item] of Object.entries(value)) {
      for (const option of options) {
        const child = option.kind === "object" ? option.keys.get(key) : undefined;
        if (!child) continue;
        const path = prefix ? `${prefix}.${key}` : key;
        found.add(path);
        walk(child, item, path);
        break;
      }
    }
  };
  walk(shapeOf(configSchema), document, "");
  return found;
}

/** `["outgoing", "channels", "audit", "url"]` → "outgoing.channels.<name>.url"; undefined for a key the schema does not know. */
export function schemaKeyPath(segments: readonly (string | number)[]): string | undefined {
  let shape: Shape | undefined = shapeOf(configSchema);
  let path = "";
  for (const segment of segments) {
    if (!shape) return undefined;
    if (shape.kind === "union") {
      const options: Shape[] = shape.options;
      shape =
        typeof segment === "number"
          ? options.find((option) => option.kind === "array")
          : options.find((option) => option.kind === "object" && option.keys.has(segment));
      if (!shape) return undefined;
    }
    if (shape.kind === "array" && typeof segment === "number") {
      path += "[]";
      shape = shape.element;
    } else if (shape.kind === "record") {
      path += ".<name>";
      shape = shape.value;
    } else if (shape.kind === "object" && typeof segment === "string") {
      path += path ? `.${segment}` : segment;
      shape = shape.keys.get(segment);
      if (!shape) return undefined;
    } else return undefined;
  }
  return path;
}
