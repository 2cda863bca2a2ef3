import { execFileSync } from "node:child_process";

// @octokit/webhooks-methods is ESM-only and Jest runs CommonJS here, so the
// independent signer runs in its own Node process.
const SIGN = `import { sign } from "@octokit/webhooks-methods";
const [secret, payload] = JSON.parse(process.argv[1]);
process.stdout.write(await sign(secret, payload));`;

export function octokitSign(secret: string, payload: string): string {
  return execFileSync(
    process.execPath,
    ["--input-type=module", "-e", SIGN, JSON.stringify([secret, payload])],
    {
      cwd: __dirname,
      encoding: "utf8",
    },
  );
}
