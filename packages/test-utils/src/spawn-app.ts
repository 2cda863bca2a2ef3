import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "@hookline/config";

export { REPO_ROOT };

export interface SpawnedApp {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first JSON log line matching `predicate`. */
  waitForLog(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/**
 * Runs an entry point as a real process, with only the environment given:
 * TypeScript (an app's src/main.ts) through tsx, JavaScript (dist/*.js, the
 * build's output) with plain node.
 */
export function spawnApp(
  entry: string,
  env: Record<string, string>,
  args: readonly string[] = [],
): SpawnedApp {
  const loader = entry.endsWith(".js") ? [] : ["--import", "tsx"];
  const child = spawn(process.execPath, [...loader, join(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    // Only what the test gives: the app must not pick up the runner's environment.
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );

  const parsedLines = () =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          return {};
        }
      });

  const waitForLog: SpawnedApp["waitForLog"] = (predicate, timeoutMs = 20_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = parsedLines().find(predicate);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching log line within ${timeoutMs} ms; output:\n${output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void exited.then(() => {
        if (listeners.has(check)) {
          cleanup();
          reject(new Error(`process exited before a matching log line; output:\n${output}`));
        }
      });
      check();
    });

  return { child, output: () => output, waitForLog, exited };
}
