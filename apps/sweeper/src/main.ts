// The scheduled sweeper: sweeps every configured GitHub hook at start and
// then every github.sweep.interval; /metrics and /health on its own port.
import { loadProcessConfig, describeSetting } from "@hookline/config";
import {
  closeHttpServer,
  installGracefulShutdown,
  listen,
  runMain,
  type ShutdownStep,
} from "@hookline/lifecycle";
import { createLogger, createMetricsServer, createRegistry } from "@hookline/observability";
import { startSweeper } from "./start-sweeper";

runMain(async () => {
  const config = loadProcessConfig("sweeper");
  const logger = createLogger({ service: "sweeper", level: config.log_level });
  const registry = createRegistry("sweeper");
  // Signal handlers before the start: a SIGTERM while it starts drains once it has.
  const started = (async (): Promise<ShutdownStep[]> => {
    const sweeper = await startSweeper(config, { logger, registry });
    const metricsServer = createMetricsServer({ registry, ready: () => sweeper.ready() });
    const port = await listen(
      metricsServer,
      config.sweeper.metrics_port,
      config.sweeper.metrics_host,
      describeSetting("sweeper.metrics_port"),
    );
    sweeper.schedule();
    logger.info("sweeper running", {
      hooks: config.github.hooks.length,
      interval_ms: config.github.sweep.interval,
      metrics_port: port,
    });
    return [
      { name: "sweeper", close: () => sweeper.close() },
      { name: "metrics server", close: () => closeHttpServer(metricsServer) },
    ];
  })();
  installGracefulShutdown({ logger, timeoutMs: config.shutdown_timeout, steps: started });
  await started;
});
