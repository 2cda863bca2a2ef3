// `npm run drift -- --repo owner/name` (or --all): one drift run, no
// sampling limit beyond github.drift.sample; prints what it found and healed.
import { loadProcessConfig } from "@hookline/config";
import { runMain } from "@hookline/lifecycle";
import { createLogger, createRegistry } from "@hookline/observability";
import { startSweeper } from "./start-sweeper";
import { apiAccessProblem } from "./support/api-access";
import { parseDriftArguments } from "./drift/drift-arguments";
import { describeDrift } from "./drift/describe-drift";

runMain(async () => {
  const command = parseDriftArguments(process.argv.slice(2));
  const config = loadProcessConfig("sweeper");
  const noAccess = apiAccessProblem("drift", config.github);
  if (noAccess) {
    process.stderr.write(`${noAccess}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ service: "drift", level: "error" });
  const sweeper = await startSweeper(config, { logger, registry: createRegistry("drift") });
  try {
    const report = await sweeper.drift(command.repository);
    for (const line of describeDrift(report)) process.stdout.write(`${line}\n`);
    process.exitCode = report.errors.length > 0 ? 1 : 0;
  } finally {
    await sweeper.close();
  }
});
