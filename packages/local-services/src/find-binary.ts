import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

// Debian keeps PostgreSQL's server binaries out of PATH, under /usr/lib/postgresql/<major>/bin.
function postgresBinDirs(): string[] {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => join(root, major, "bin"));
}

export function findBinary(name: string, searchPath: string): string {
  const dirs = [
    ...searchPath.split(delimiter),
    ...postgresBinDirs(),
    "/usr/local/sbin",
    "/usr/local/bin",
    "/usr/sbin",
    "/usr/bin",
  ];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${name} not found; install it (apt-get install -y ${name.startsWith("redis") ? "redis-server" : "postgresql"})`,
  );
}
