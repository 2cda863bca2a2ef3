export interface Periodic {
  /** No more runs; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` without keeping the process alive. A tick
 * that finds the previous run still going is skipped, so a slow dependency
 * never piles runs up; failures go to `onError` and the next tick runs as usual.
 */
export function runEvery(
  intervalMs: number,
  task: () => Promise<void>,
  onError: (error: unknown) => void,
): Periodic {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = task()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
