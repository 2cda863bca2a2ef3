// `npm run lint:links`: every relative link in README.md and docs/*.md
// resolves, and every page under docs/ is linked from the README. Offline.
import { REPO_ROOT } from "@hookline/config";
import { checkLinks } from "./link-check";

const problems = checkLinks(REPO_ROOT);
if (problems.length > 0) {
  process.stderr.write(`${problems.map((problem) => `  - ${problem}`).join("\n")}\n`);
  process.exit(1);
}
process.stdout.write("links: every relative link resolves and every docs/ page is linked\n");
