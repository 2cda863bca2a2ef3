import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function declaresWorkspaces(directory: string): boolean {
  const file = join(directory, "package.json");
  if (!existsSync(file)) return false;
  return "workspaces" in (JSON.parse(readFileSync(file, "utf8")) as object);
}

/**
 * The repository root: the nearest directory above this file whose
 * package.json declares workspaces. Walking up (rather than counting "..")
 * holds from the TypeScript sources and from a bundle in apps/<app>/dist
 * alike. Throws when there is none.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let directory = from; ; directory = dirname(directory)) {
    if (declaresWorkspaces(directory)) return directory;
    if (dirname(directory) === directory) throw new Error(`no workspace root above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot();
