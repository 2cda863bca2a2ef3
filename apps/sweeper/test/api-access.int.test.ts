import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@hookline/config";
import { createServer } from "node:net";

/** A port nothing listens on: the kernel's pick on 127.0.0.1, released at once. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const TSX = pathToFileURL(join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs an npm-run entry in an empty directory; resolves with its exit code, stderr and time taken. */
function run(entry: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--import", TSX, join(REPO_ROOT, entry), ...args], {
      cwd: mkdtempSync(join(tmpdir(), "hookline-api-access-")),
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 40_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

jest.setTimeout(60_000);

// Without GitHub API access, drift and backfill say what to set at once:
// they used to reach for Redis first (waiting 30 s when it was not there)
// and then print "github.token or github.app.installation_id is required
// for repository endpoints".
describe.each([
  ["drift", "apps/sweeper/src/drift-main.ts"],
  ["backfill", "apps/sweeper/src/backfill-main.ts"],
])("npm run %s without GitHub API access", (command, entry) => {
  it("says what to set, before connecting to anything", async () => {
    // Nothing listens on these ports: the command must not need them to answer.
    const env = {
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/hookline`,
    };
    const { code, stderr, ms } = await run(entry, ["--repo", "acme/web"], env);
    expect(code).toBe(1);
    expect(stderr).toContain(`npm run ${command} needs GitHub API access, and none is configured`);
    expect(stderr).toContain("GITHUB_TOKEN");
    expect(stderr).not.toContain("redis");
    expect(ms).toBeLessThan(20_000);
  });
});
