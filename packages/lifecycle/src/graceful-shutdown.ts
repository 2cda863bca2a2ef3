export interface ShutdownStep {
  name: string;
  close: () => Promise<unknown>;
}

export interface ShutdownLogger {
  info(message: string, meta?: object): unknown;
  error(message: string, meta?: object): unknown;
}

export interface GracefulShutdownOptions {
  logger: ShutdownLogger;
  /** Steps run in order: stop taking work first, close connections last. */
  steps: ShutdownStep[];
  timeoutMs: number;
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
}

/**
 * Runs the shutdown steps once, on the first SIGTERM or SIGINT, and exits 0
 * when they finish. A step that hangs cannot keep the process alive: past the
 * deadline it exits 1, so an orchestrator never waits forever.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): () => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let running: Promise<void> | undefined;

  const shutdown = (): Promise<void> => {
    running ??= (async () => {
      options.logger.info("shutting down", { steps: options.steps.map((step) => step.name) });
      const deadline = setTimeout(() => {
        options.logger.error("shutdown deadline passed, exiting", {
          timeout_ms: options.timeoutMs,
        });
        exit(1);
      }, options.timeoutMs);
      deadline.unref();
      let failed = false;
      for (const step of options.steps) {
        try {
          await step.close();
        } catch (error) {
          failed = true;
          options.logger.error("shutdown step failed", { step: step.name, error });
        }
      }
      clearTimeout(deadline);
      options.logger.info("shutdown complete");
      exit(failed ? 1 : 0);
    })();
    return running;
  };

  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[])) {
    process.once(signal, () => void shutdown());
  }
  return shutdown;
}
