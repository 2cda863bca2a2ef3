/**
 * Entry point wrapper: a configuration or start-up error is printed once,
 * clearly, and the process exits non-zero instead of dying on an unhandled
 * rejection with a stack trace.
 */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  });
}
