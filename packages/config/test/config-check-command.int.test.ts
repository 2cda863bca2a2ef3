import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@hookline/config";

const CHECK = join(REPO_ROOT, "packages/config/src/check/main.ts");
const TSX = pathToFileURL(join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs `npm run config -- check` in `cwd` with only `env` (and PATH). */
function runCheck(cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, CHECK, "check"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

jest.setTimeout(60_000);

describe("npm run config -- check, as a newcomer runs it", () => {
  const directory = mkdtempSync(join(tmpdir(), "hookline-check-"));
  writeFileSync(join(directory, "config.yaml"), "log_level: info\n");

  it("says that npm start starts with what only lacks the secret and users npm start supplies", async () => {
    const { code, stderr } = await runCheck(directory);
    expect(code).toBe(1);
    expect(stderr).toContain("incoming.github.secrets");
    expect(stderr).toContain(
      "npm start would start with it: it supplies a development GitHub secret and a local-only dashboard",
    );
  });

  it("does not say so when npm start would refuse it too", async () => {
    writeFileSync(join(directory, "config.yaml"), "outgoing:\n  chanels: {}\n");
    const { code, stderr } = await runCheck(directory);
    expect(code).toBe(1);
    expect(stderr).toContain("did you mean outgoing.channels?");
    expect(stderr).not.toContain("npm start would start with it");
  });

  it("prints the effective configuration, secrets redacted, when the apps would take it", async () => {
    writeFileSync(join(directory, "config.yaml"), "log_level: info\n");
    const { code, stdout } = await runCheck(directory, {
      GITHUB_WEBHOOK_SECRET: "s3cret-value",
      DASHBOARD_LOCAL_ONLY: "true",
    });
    expect(code).toBe(0);
    expect(stdout).toContain("# effective configuration");
    expect(stdout).not.toContain("s3cret-value");
  });
});
