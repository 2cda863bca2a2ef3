import { configKeyPaths, schemaKeyPath } from "@hookline/config";

export const START = "<!-- config-reference:start (npm run docs:config writes this table) -->";
export const END = "<!-- config-reference:end -->";

interface Entry {
  value: string;
  comment: string;
}

const LINE = /^(\s*)(-\s+)?([A-Za-z_][A-Za-z0-9_-]*):(?:\s+(.*?))?\s*$/;

function splitComment(rest: string): Entry {
  // A comment starts at " #" outside quotes.
  let quote: string | undefined;
  for (let index = 0; index < rest.length; index += 1) {
    const char = rest[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && (index === 0 || rest[index - 1] === " "))
      return { value: rest.slice(0, index).trim(), comment: rest.slice(index + 1).trim() };
  }
  return { value: rest.trim(), comment: "" };
}

/**
 * The value and one-line comment of every key in config.example.yaml, by
 * schema path. Reads the file's own simple layout (block mappings, `- `
 * list items, a comment at the end of a key's line), which its tests keep.
 */
export function exampleEntries(example: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const stack: Array<{ indent: number; segment: string | number }> = [];
  const listCounters = new Map<string, number>();
  for (const line of example.split("\n")) {
    const match = LINE.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    const [, spaces = "", dash, key = "", rest = ""] = match;
    let indent = spaces.length;
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    if (dash) {
      const parent = stack.map((item) => item.segment).join(".");
      const index = listCounters.get(parent) ?? 0;
      listCounters.set(parent, index + 1);
      stack.push({ indent, segment: index });
      indent += dash.length;
    }
    stack.push({ indent, segment: key });
    const path = schemaKeyPath(stack.map((item) => item.segment));
    if (path && !entries.has(path)) entries.set(path, splitComment(rest));
  }
  return entries;
}

const cell = (text: string) => text.replaceAll("|", "\\|");

/** The Markdown table of every schema key, in schema order, with the example's value and comment. */
export function renderReference(example: string): string {
  const entries = exampleEntries(example);
  const rows = configKeyPaths().map((path) => {
    const entry = entries.get(path);
    const value = entry?.value ? `\`${cell(entry.value)}\`` : "";
    return `| \`${path}\` | ${value} | ${cell(entry?.comment || "section")} |`;
  });
  return [
    START,
    "",
    "| key | in config.example.yaml | meaning |",
    "| --- | --- | --- |",
    ...rows,
    "",
    END,
  ].join("\n");
}

/** The page with its reference table replaced by a fresh one. */
export function withReference(page: string, example: string): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the page has no ${START} … ${END} section`);
  return page.slice(0, start) + renderReference(example) + page.slice(end + END.length);
}
