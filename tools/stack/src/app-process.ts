import { spawn, type ChildProcess } from "node:child_process";

const KEPT_LINES = 20;

export interface AppProcess {
  label: string;
  child: ChildProcess;
  /**
   * Settles on the child's "close": it has exited and its output has been
   * read to the end ("exit" can come before the last lines are read, and the
   * stack exiting then would drop them, e.g. an app's "shutdown complete").
   */
  closed: Promise<void>;
  /** Why it ended, in its own words: its last lines on stderr (up to 5), else its last on stdout. */
  lastWords(): string | undefined;
}

/**
 * Runs one app, passing its output through, and keeps its last lines so a
 * process that exits can be named with its reason (a configuration error,
 * a port in use) instead of "a process exited".
 */
export function startAppProcess(
  label: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): AppProcess {
  const child = spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const tails = { stdout: [] as string[], stderr: [] as string[] };
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream]!.on("data", (chunk: Buffer) => {
      process[stream].write(chunk);
      const lines = chunk
        .toString()
        .split("\n")
        .filter((line) => line.trim() !== "");
      tails[stream].push(...lines);
      tails[stream].splice(0, Math.max(0, tails[stream].length - KEPT_LINES));
    });
  }
  return {
    label,
    child,
    closed,
    lastWords: () =>
      tails.stderr.length > 0 ? tails.stderr.slice(-5).join("\n") : tails.stdout.at(-1),
  };
}
