import { loadConfig } from "@hookline/config";
import { installGracefulShutdown, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { startNotifier } from "./start-notifier";

runMain(async () => {
  const config = loadConfig({ env: process.env, role: "notifier" });
  const logger = createLogger({ service: "notifier", level: config.log_level });
  const notifier = await startNotifier(config, { logger });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: notifier.shutdownSteps,
  });
});
