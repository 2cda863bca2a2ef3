import { loadProcessConfig } from "@hookline/config";
import { installGracefulShutdown, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { startNotifier } from "./start-notifier";

runMain(async () => {
  const config = loadProcessConfig("notifier");
  const logger = createLogger({ service: "notifier", level: config.log_level });
  const notifier = await startNotifier(config, { logger });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: notifier.shutdownSteps,
  });
});
