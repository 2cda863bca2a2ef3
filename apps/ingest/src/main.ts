import { loadProcessConfig } from "@hookline/config";
import { installGracefulShutdown, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { startIngest } from "./start-ingest";

runMain(async () => {
  const config = loadProcessConfig("ingest");
  const logger = createLogger({ service: "ingest", level: config.log_level });
  // Signal handlers before the start: a SIGTERM while it starts drains once it has.
  const started = startIngest(config, { logger });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: started.then((ingest) => ingest.shutdownSteps),
  });
  await started;
});
