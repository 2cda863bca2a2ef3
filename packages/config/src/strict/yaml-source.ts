import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";

/** A parsed config file that can say where each key was written. */
export interface YamlSource {
  /** The document as plain data; undefined when it did not parse. */
  value: unknown;
  /** Syntax errors, each as "<file>:<line>:<column>: <what>". */
  errors: string[];
  /** "<file>:<line>:<column>" of the key at `path` (or of its nearest written parent). */
  locate(path: readonly (string | number)[]): string;
}

function firstLine(message: string): string {
  // yaml's messages end with the offending line and a caret; the position is given separately.
  return message.split("\n", 1)[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * Parses YAML text, keeping positions. Every syntax error is reported (not
 * only the first), with its line and column; duplicate keys are errors too
 * (yaml's uniqueKeys default), because the second silently wins otherwise.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  // One problem often raises several errors at one place; the first names it best.
  const errorsByPlace = new Map<string, string>();
  for (const error of document.errors) {
    const place = where(error.pos[0]);
    if (!errorsByPlace.has(place))
      errorsByPlace.set(place, `${place}: ${firstLine(error.message)} (${error.code})`);
  }
  const errors = [...errorsByPlace.values()];
  const locate = (path: readonly (string | number)[]) => {
    let node: unknown = document.contents;
    let offset = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) break;
        offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as { range?: [number, number, number] } | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return where(offset);
  };
  return { value: errors.length > 0 ? undefined : document.toJS(), errors, locate };
}
