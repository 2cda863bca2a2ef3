// `npm run sweep`: one sweep of every configured hook, then exit: 0 when
// every hook was swept (or skipped, another sweeper holds it) and when no
// hook is configured (nothing to do is not a failure, for a scheduler);
// 1 when a hook could not be swept or the sweeper could not start.
// Safe beside running sweepers: hooks are locked.
import { loadProcessConfig } from "@hookline/config";
import { runMain } from "@hookline/lifecycle";
import { createLogger, createRegistry } from "@hookline/observability";
import { startSweeper } from "./start-sweeper";

runMain(async () => {
  const config = loadProcessConfig("sweeper");
  if (config.github.hooks.length === 0) {
    process.stderr.write(
      "no GitHub hooks configured (github.hooks in config.yaml): nothing to sweep; " +
        "see docs/recovery.md\n",
    );
    process.exitCode = 0;
    return;
  }
  const logger = createLogger({ service: "sweeper", level: config.log_level });
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const sweeper = await startSweeper(config, {
    logger,
    registry: createRegistry("sweeper"),
    progress,
  });
  try {
    const outcome = await sweeper.sweep();
    for (const report of outcome.reports)
      progress(
        `${report.hook}: ${report.listed} deliveries listed, ${report.failed} failed and never stored, ` +
          `${report.requested} redeliveries requested, ${report.pending} pending, ${report.leftOver} left for the next run, ` +
          `${report.alreadyStored} already stored, ${report.unhandled} of unhandled events, ` +
          `${report.missing} acknowledged (202) but lost, ${report.refused.length} newly refused (4xx)`,
      );
    for (const hook of outcome.skipped) progress(`${hook}: skipped, another sweeper holds it`);
    for (const error of outcome.errors)
      progress(`${error.hook}: FAILED ${error.status ?? ""} ${error.error}`);
    process.exitCode = outcome.errors.length > 0 ? 1 : 0;
  } finally {
    await sweeper.close();
  }
});
