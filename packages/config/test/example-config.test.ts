import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
  APP_ROLES,
  configKeyPaths,
  loadConfig,
  REPO_ROOT,
  writtenKeyPaths,
} from "@hookline/config";

const EXAMPLE = readFileSync(join(REPO_ROOT, "config.example.yaml"), "utf8");

describe("config.example.yaml", () => {
  it("loads as every app reads it, with no variable set", () => {
    for (const role of ["tool", ...APP_ROLES] as const) {
      expect(() => loadConfig({ env: {}, role, yaml: EXAMPLE })).not.toThrow();
    }
  });

  it("shows every key of the schema", () => {
    const written = writtenKeyPaths(parse(EXAMPLE));
    const missing = configKeyPaths().filter((path) => !written.has(path));
    expect(missing).toEqual([]);
  });

  it("gives every value a comment on its line", () => {
    const leafKeys = new Set(
      configKeyPaths().map((path) =>
        path
          .split(/[.[\]]+/)
          .filter(Boolean)
          .at(-1),
      ),
    );
    const uncommented = EXAMPLE.split("\n").filter((line) => {
      const match = /^\s*(?:-\s+)?([a-z_]+):\s+\S/.exec(line);
      return match && leafKeys.has(match[1]) && !line.includes(" # ");
    });
    expect(uncommented).toEqual([]);
  });
});
