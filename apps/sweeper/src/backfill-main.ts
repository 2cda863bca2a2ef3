// `npm run backfill -- --repo owner/name` (or --all): seeds open pull
// requests and their checks from GitHub's REST API; progress on stderr.
import { loadProcessConfig } from "@hookline/config";
import { runMain } from "@hookline/lifecycle";
import { createLogger, createRegistry } from "@hookline/observability";
import { startSweeper } from "./start-sweeper";
import { apiAccessProblem } from "./support/api-access";
import { parseBackfillArguments } from "./backfill/backfill-arguments";

runMain(async () => {
  const command = parseBackfillArguments(process.argv.slice(2));
  const config = loadProcessConfig("sweeper");
  // --all with nothing configured is answered below (exit 0) whatever the access.
  const noAccess = command.all ? null : apiAccessProblem("backfill", config.github);
  if (noAccess) {
    process.stderr.write(`${noAccess}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ service: "backfill", level: "warn" });
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const sweeper = await startSweeper(config, {
    logger,
    registry: createRegistry("backfill"),
    progress,
  });
  try {
    const repositories = command.all ? sweeper.configuredRepositories() : command.repositories;
    // --all with nothing configured is nothing to do, not a failure (a
    // scheduler would page on exit 1): said on stderr, exit 0.
    if (repositories.length === 0) {
      progress(
        "no repositories configured (github.repositories or repository hooks): nothing to backfill",
      );
      return;
    }
    const reports = await sweeper.backfill(repositories);
    process.stdout.write(`${JSON.stringify(reports)}\n`);
  } finally {
    await sweeper.close();
  }
});
