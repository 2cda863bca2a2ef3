// `npm run config -- check`: validates the configuration as every app reads
// it and prints the effective configuration (defaults filled in, secrets
// redacted, durations in milliseconds). Exits 1, listing every problem once,
// when any app would refuse it.
import { stringify } from "yaml";
import { describeConfigFile } from "../config-file";
import { checkConfig } from "./check-config";
import { localStackEnv } from "./local-stack-env";

const [command] = process.argv.slice(2);
if (command !== "check") {
  process.stderr.write("usage: npm run config -- check\n");
  process.exit(2);
}
const result = checkConfig(process.env, process.cwd());
process.stderr.write(`${describeConfigFile(result.file)}\n`);
if (!result.ok) {
  process.stderr.write(
    `Invalid configuration (${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}):\n` +
      result.problems.map((problem) => `  - ${problem}\n`).join(""),
  );
  // npm start supplies a development secret and a local-only dashboard: say
  // so when that is all that is missing, or a newcomer reads "invalid" for
  // a configuration `npm start` runs.
  const asStarted = checkConfig(
    localStackEnv(process.env, () => "development-secret"),
    process.cwd(),
  );
  if (asStarted.ok)
    process.stderr.write(
      "npm start would start with it: it supplies a development GitHub secret and a local-only dashboard (see docs/configuration.md); apps run on their own need the settings above.\n",
    );
  process.exit(1);
}
process.stdout.write(
  `# effective configuration (durations in milliseconds, secrets redacted)\n${stringify(result.effective)}`,
);
