import type { ShutdownStep } from "./graceful-shutdown";

/**
 * Runs shutdown steps one after another, in order, as SIGTERM would (tests,
 * in-process stops). A failing step does not stop the later ones; the first
 * error is thrown once all have run.
 */
export async function runSteps(steps: readonly ShutdownStep[]): Promise<void> {
  let firstError: unknown;
  for (const step of steps) {
    try {
      await step.close();
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
}
