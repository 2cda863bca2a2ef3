import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "@hookline/config";

export { REPO_ROOT };

export interface BenchProcess {
  child: ChildProcess;
  /** Peak resident memory so far, in MiB (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Starts a TypeScript entry point in its own Node process and waits for `port` to accept connections. */
export interface BenchProcessOptions {
  /** The whole environment of the process (nothing is inherited). */
  env?: Record<string, string>;
  /** Command-line arguments after the entry point. */
  args?: string[];
  /** Wait until this port accepts connections. */
  port?: number;
  /** Node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export async function startBenchProcess(
  entry: string,
  options: BenchProcessOptions = {},
): Promise<BenchProcess> {
  const { env = {}, args = [], port, nodeArgs = [] } = options;
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", join(REPO_ROOT, entry), ...args],
    {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const deadline = Date.now() + 30_000;
  while (port !== undefined && !(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${entry} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kib / 1024);
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
