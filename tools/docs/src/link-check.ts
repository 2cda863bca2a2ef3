import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The text outside fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of withoutFences(readFileSync(file, "utf8")).matchAll(
    /^#{1,6}\s+(.+?)\s*#*$/gm,
  )) {
    const base = headingAnchor(match[1]!);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/** The relative link targets of a Markdown file: `[text](target)` and `![alt](target)`. */
export function relativeLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const match of prose(markdown).matchAll(
    /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
  )) {
    const target = match[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    links.push(target);
  }
  return links;
}

/**
 * Every problem with the documentation's links under `root`: a relative
 * link in README.md or docs/*.md whose file (or heading anchor) does not
 * exist, and a page under docs/ the README does not link. Empty when all is well.
 */
export function checkLinks(root: string): string[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(root, "docs", name));
  const pages = [join(root, "README.md"), ...docs];
  const problems: string[] = [];
  const linkedFromReadme = new Set<string>();
  for (const page of pages) {
    const name = relative(root, page);
    for (const link of relativeLinks(readFileSync(page, "utf8"))) {
      const [path = "", anchor] = link.split("#", 2);
      const target = path === "" ? page : resolve(dirname(page), decodeURIComponent(path));
      if (!existsSync(target)) {
        problems.push(`${name}: link to ${link}: ${relative(root, target)} does not exist`);
        continue;
      }
      if (page === pages[0]) linkedFromReadme.add(target);
      if (anchor && target.endsWith(".md") && !anchorsOf(target).has(anchor))
        problems.push(
          `${name}: link to ${link}: no heading #${anchor} in ${relative(root, target)}`,
        );
    }
  }
  for (const page of docs)
    if (!linkedFromReadme.has(page))
      problems.push(`README.md: does not link ${relative(root, page)} (every page under docs/ is)`);
  return problems;
}
