import { loadProcessConfig } from "@hookline/config";
import { installGracefulShutdown, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { startDashboard } from "./start-dashboard";

runMain(async () => {
  // Refuses to start without named users unless dashboard.local_only is set.
  const config = loadProcessConfig("dashboard");
  const logger = createLogger({ service: "dashboard", level: config.log_level });
  // Signal handlers before the start: a SIGTERM while it starts drains once it has.
  const started = startDashboard(config, { logger });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: started.then((dashboard) => dashboard.shutdownSteps),
  });
  await started;
});
