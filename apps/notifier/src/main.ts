import { loadProcessConfig } from "@hookline/config";
import { installGracefulShutdown, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { startNotifier } from "./start-notifier";

runMain(async () => {
  const config = loadProcessConfig("notifier");
  const logger = createLogger({ service: "notifier", level: config.log_level });
  // Signal handlers before the start: a SIGTERM while it starts drains once it has.
  const started = startNotifier(config, { logger });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: started.then((notifier) => notifier.shutdownSteps),
  });
  await started;
});
