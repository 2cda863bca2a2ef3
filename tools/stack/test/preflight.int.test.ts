import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "@hookline/config";
import { freePort } from "@hookline/local-services";

const STACK = join(REPO_ROOT, "tools/stack/src/main.ts");
// Run from another directory, tsx is found by its path, not resolved from the working directory.
const TSX = pathToFileURL(join(REPO_ROOT, "node_modules/tsx/dist/loader.mjs")).href;

/** Runs `npm start`'s entry in `cwd` and resolves with its exit code and output. */
function runStack(cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", TSX, STACK], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("npm start's checks before anything starts", () => {
  it("stops on a misspelt key in ./config.yaml, naming the key and the suggestion, having started nothing", async () => {
    const directory = mkdtempSync(join(tmpdir(), "hookline-start-"));
    writeFileSync(
      join(directory, "config.yaml"),
      "outgoing:\n  chanels:\n    audit:\n      url: https://audit.example\n",
    );
    const { code, output } = await runStack(directory);
    expect(code).toBe(1);
    expect(output).toContain(`configuration from ${join(directory, "config.yaml")}`);
    expect(output).toContain(
      "outgoing.chanels: unknown key; did you mean outgoing.channels? (config.yaml:2:3)",
    );
    expect(output).not.toMatch(/redis-server on|postgres on|started \(pid/);
  }, 40_000);

  it("names the setting that moves a port already in use", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const directory = mkdtempSync(join(tmpdir(), "hookline-start-"));
      writeFileSync(join(directory, "config.yaml"), "ingest:\n  host: 127.0.0.1\n");
      const { code, output } = await runStack(directory, { INGEST_PORT: String(port) });
      expect(code).toBe(1);
      expect(output).toContain(
        `ingest: port ${port} on 127.0.0.1 is already in use: set ingest.port (or INGEST_PORT) to another port`,
      );
      expect(output).not.toMatch(/redis-server on|started \(pid/);
    } finally {
      taken.close();
    }
  }, 40_000);

  it("names the variables for a local server's port already in use, having started nothing", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const directory = mkdtempSync(join(tmpdir(), "hookline-start-"));
      const { code, output } = await runStack(directory, {
        INGEST_PORT: "0",
        DASHBOARD_PORT: "0",
        WORKER_METRICS_PORT: "0",
        NOTIFIER_METRICS_PORT: "0",
        SWEEPER_METRICS_PORT: "0",
        LOCAL_REDIS_PORT: String(await freePort()),
        LOCAL_POSTGRES_PORT: String(port),
      });
      expect(code).toBe(1);
      expect(output).toContain(
        `postgres: port ${port} on 127.0.0.1 is already in use: set LOCAL_POSTGRES_PORT to another port, or DATABASE_URL to use a server that is running`,
      );
      expect(output).not.toMatch(/redis-server on|postgres on|started \(pid/);
    } finally {
      taken.close();
    }
  }, 40_000);

  it("stops the Redis it started when a later step fails", async () => {
    const redisPort = await freePort();
    const directory = mkdtempSync(join(tmpdir(), "hookline-start-"));
    // Nothing listens on the database's port: the migrations fail after redis-server is up.
    const { code, output } = await runStack(directory, {
      INGEST_PORT: "0",
      DASHBOARD_PORT: "0",
      WORKER_METRICS_PORT: "0",
      NOTIFIER_METRICS_PORT: "0",
      SWEEPER_METRICS_PORT: "0",
      LOCAL_REDIS_PORT: String(redisPort),
      DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/hookline`,
    });
    expect(code).toBe(1);
    expect(output).toContain(`redis-server on redis://127.0.0.1:${redisPort}`);
    expect(output).not.toMatch(/started \(pid/);
    // The port is free again: redis-server did not outlive npm start.
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(redisPort, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    expect(free).toBe(true);
  }, 60_000);

  it("stops the Redis it started when a signal comes during the start", async () => {
    // A database that accepts connections and never answers: the start hangs in the migrations.
    const blackHole: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const databasePort = (blackHole.address() as { port: number }).port;
    const redisPort = await freePort();
    try {
      const child = spawn(process.execPath, ["--import", TSX, STACK], {
        cwd: mkdtempSync(join(tmpdir(), "hookline-start-")),
        env: {
          PATH: process.env.PATH ?? "",
          INGEST_PORT: "0",
          DASHBOARD_PORT: "0",
          WORKER_METRICS_PORT: "0",
          NOTIFIER_METRICS_PORT: "0",
          SWEEPER_METRICS_PORT: "0",
          LOCAL_REDIS_PORT: String(redisPort),
          DATABASE_URL: `postgresql://postgres@127.0.0.1:${databasePort}/hookline`,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      await new Promise<void>((resolve) => {
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("redis-server on")) resolve();
        };
        child.stdout.on("data", read);
        child.stderr.on("data", read);
      });
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(timer);
      expect(code).toBe(0);
      expect(output).toContain("stopping during the start");
      const free = await new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once("error", () => resolve(false));
        probe.listen(redisPort, "127.0.0.1", () => probe.close(() => resolve(true)));
      });
      expect(free).toBe(true);
    } finally {
      blackHole.close();
    }
  }, 60_000);
});
