// `npm run docs:config`: rewrites the key reference in docs/configuration.md
// from the configuration schema and config.example.yaml's comments, then
// formats it with Prettier as `npm run lint` expects.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "@hookline/config";
import { withReference } from "./config-reference";

const page = join(REPO_ROOT, "docs", "configuration.md");
const example = readFileSync(join(REPO_ROOT, "config.example.yaml"), "utf8");
writeFileSync(page, withReference(readFileSync(page, "utf8"), example));
execFileSync(join(REPO_ROOT, "node_modules", ".bin", "prettier"), ["--write", page], {
  stdio: "inherit",
});
