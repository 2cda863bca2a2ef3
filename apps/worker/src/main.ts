import { loadProcessConfig } from "@hookline/config";
import { installGracefulShutdown, runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { startWorker } from "./start-worker";

runMain(async () => {
  const config = loadProcessConfig("worker");
  const logger = createLogger({ service: "worker", level: config.log_level });
  // Signal handlers before the start: a SIGTERM while it starts drains once it has.
  const started = startWorker(config, { logger });
  installGracefulShutdown({
    logger,
    timeoutMs: config.shutdown_timeout,
    steps: started.then((worker) => worker.shutdownSteps),
  });
  await started;
});
