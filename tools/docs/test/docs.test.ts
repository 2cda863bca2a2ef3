import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configKeyPaths, REPO_ROOT } from "@hookline/config";
import { checkLinks, headingAnchor } from "../src/link-check";
import { withReference } from "../src/config-reference";

const read = (path: string) => readFileSync(join(REPO_ROOT, path), "utf8");

describe("the documentation", () => {
  it("documents every key of the configuration schema in docs/configuration.md", () => {
    const page = read("docs/configuration.md");
    const undocumented = configKeyPaths().filter((path) => !page.includes(`\`${path}\``));
    expect(undocumented).toEqual([]);
  });

  it("has the key reference as npm run docs:config writes it from the schema and config.example.yaml", () => {
    // Prettier re-aligns the table; compare the text without its padding.
    const normalize = (text: string) => text.replace(/-{3,}/g, "---").replace(/[ \t]+/g, " ");
    const page = read("docs/configuration.md");
    expect(normalize(withReference(page, read("config.example.yaml")))).toBe(normalize(page));
  });

  it("has relative links that resolve, and every docs/ page linked from the README", () => {
    expect(checkLinks(REPO_ROOT)).toEqual([]);
  });

  it("finds a missing file, a missing heading and a page the README does not link", () => {
    const root = mkdtempSync(join(tmpdir(), "hookline-links-"));
    mkdirSync(join(root, "docs"));
    writeFileSync(
      join(root, "README.md"),
      "# x\n\n[ops](docs/ops.md#scaling-rules) [gone](docs/gone.md) [web](https://example.com)\n\n```\n[not a link](nowhere.md)\n```\n",
    );
    writeFileSync(
      join(root, "docs", "ops.md"),
      "# Ops\n\n## Scaling `rules`\n\n[back](../README.md#x)\n",
    );
    writeFileSync(join(root, "docs", "orphan.md"), "# Orphan\n\n[ops](ops.md#sizing)\n");
    expect(checkLinks(root)).toEqual([
      "README.md: link to docs/gone.md: docs/gone.md does not exist",
      "docs/orphan.md: link to ops.md#sizing: no heading #sizing in docs/ops.md",
      "README.md: does not link docs/orphan.md (every page under docs/ is)",
    ]);
    expect(headingAnchor("Metrics & alerts: `queue_ready_jobs`")).toBe(
      "metrics--alerts-queue_ready_jobs",
    );
  });
});
