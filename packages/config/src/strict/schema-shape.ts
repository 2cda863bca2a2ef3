import type { z } from "zod";

// zod strips keys it does not know. Rather than asking every section to be
// written with z.strictObject (and every new key's author to remember it),
// the schema is read as data: its objects, records, arrays and unions, with
// defaults, optionals and transforms looked through. The same walk lists
// every key, so the example file and the documentation can be checked
// against the schema instead of against a hand-kept list.

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
}

const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** What a value at this place may be, once wrappers are looked through. */
export type Shape =
  | { kind: "object"; keys: Map<string, Shape> }
  | { kind: "record"; value: Shape }
  | { kind: "array"; element: Shape }
  | { kind: "union"; options: Shape[] }
  | { kind: "leaf" };

const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch"]);

/** The shape of a zod schema: objects, records, arrays and unions; everything else is a leaf. */
export function shapeOf(schema: AnySchema): Shape {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return shapeOf(def.innerType);
  if (def.type === "pipe" && def.in && def.out) {
    // z.preprocess(fn, schema) is pipe(transform, schema); schema.transform(fn) is pipe(schema, transform).
    const input = shapeOf(def.in);
    return input.kind === "leaf" ? shapeOf(def.out) : input;
  }
  if (def.type === "object" && def.shape) {
    return {
      kind: "object",
      keys: new Map(Object.entries(def.shape).map(([key, value]) => [key, shapeOf(value)])),
    };
  }
  if (def.type === "record" && def.valueType)
    return { kind: "record", value: shapeOf(def.valueType) };
  if (def.type === "array" && def.element) return { kind: "array", element: shapeOf(def.element) };
  if (def.type === "union" && def.options) {
    const options = def.options.map(shapeOf).filter((option) => option.kind !== "leaf");
    return options.length > 0 ? { kind: "union", options } : { kind: "leaf" };
  }
  return { kind: "leaf" };
}

/**
 * Every key path of a shape, in schema order: `outgoing.channels.<name>.url`
 * for a record's entries, `github.hooks[].kind` for an array's elements. A
 * union contributes the keys of all its options.
 */
export function keyPaths(shape: Shape, prefix = ""): string[] {
  if (shape.kind === "object") {
    return [...shape.keys].flatMap(([key, child]) => {
      const path = prefix ? `${prefix}.${key}` : key;
      return [path, ...keyPaths(child, path)];
    });
  }
  if (shape.kind === "record") return keyPaths(shape.value, `${prefix}.<name>`);
  if (shape.kind === "array") return keyPaths(shape.element, `${prefix}[]`);
  if (shape.kind === "union")
    return [...new Set(shape.options.flatMap((o) => keyPaths(o, prefix)))];
  return [];
}
