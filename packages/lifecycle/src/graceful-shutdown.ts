export interface ShutdownStep {
  name: string;
  close: () => Promise<unknown>;
}

export interface ShutdownLogger {
  info(message: string, meta?: object): unknown;
  warn?(message: string, meta?: object): unknown;
  error(message: string, meta?: object): unknown;
}

export interface GracefulShutdownOptions {
  logger: ShutdownLogger;
  /**
   * Steps run in order: stop taking work first, close connections last. A
   * promise of them lets a process install its signal handlers before it
   * starts (a SIGTERM that arrives while it starts then waits for the start
   * and drains, instead of killing it with Node's default); a rejected one
   * (the start failed) exits 1.
   */
  steps: ShutdownStep[] | Promise<ShutdownStep[]>;
  /**
   * The drain deadline (shutdown_timeout): in-flight work finishes within it,
   * and what is left is released to other replicas. The process itself exits
   * at the latest CLOSE_MARGIN_MS later, once connections are closed.
   */
  timeoutMs: number;
  exit?: (code: number) => void;
  signals?: NodeJS.Signals[];
  /** Signals within this many ms of the first are the same stop (default 1000). */
  burstMs?: number;
}

/** Time after the drain deadline for closing servers, queues and connections. */
export const CLOSE_MARGIN_MS = 5000;

/**
 * Runs the shutdown steps once and exits 0 when they finish.
 *
 * One stop often arrives as several signals: Ctrl-C sends SIGINT to the
 * whole process group, and a supervisor (npm start's tools/stack) forwards
 * its own SIGTERM as well. Signals within `burstMs` of the first are that
 * same stop and are ignored; a signal after that is deliberate (a second
 * Ctrl-C) and exits at once with code 1. A step that hangs cannot keep the
 * process alive: past timeoutMs + CLOSE_MARGIN_MS it exits 1, so an
 * orchestrator never waits forever.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): () => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const burstMs = options.burstMs ?? 1000;
  let running: Promise<void> | undefined;
  let firstSignalAt: number | undefined;
  const steps = Promise.resolve(options.steps);
  // A failed start is reported by whoever awaits it (runMain); not here.
  steps.catch(() => undefined);

  const shutdown = (): Promise<void> => {
    running ??= (async () => {
      // The deadline counts from the signal, also while a start is still under way.
      const deadline = setTimeout(() => {
        options.logger.error("shutdown deadline passed, exiting", {
          timeout_ms: options.timeoutMs + CLOSE_MARGIN_MS,
        });
        exit(1);
      }, options.timeoutMs + CLOSE_MARGIN_MS);
      deadline.unref();
      let ordered: ShutdownStep[];
      try {
        ordered = await steps;
      } catch {
        clearTimeout(deadline);
        exit(1);
        return;
      }
      options.logger.info("shutting down", {
        steps: ordered.map((step) => step.name),
        drain_deadline_ms: options.timeoutMs,
      });
      let failed = false;
      for (const step of ordered) {
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

  const onSignal = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstSignalAt === undefined) {
      firstSignalAt = now;
      options.logger.info("signal received, draining", { signal });
      void shutdown();
    } else if (now - firstSignalAt <= burstMs) {
      options.logger.info("signal ignored: part of the stop already draining", { signal });
    } else {
      options.logger.error("second signal: stopping without finishing the drain", { signal });
      exit(1);
    }
  };
  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[])) {
    // process.on, not once: with once, the second signal of a burst got Node's default (exit at once).
    process.on(signal, onSignal);
  }
  return shutdown;
}
