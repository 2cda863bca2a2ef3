import { createServer } from "node:net";
import { createServer as createHttpServer } from "node:http";
import { spawnApp, type SpawnedApp } from "@hookline/test-utils";
import { listen, PortInUseError } from "../src/listen";

const FIXTURE = "packages/lifecycle/test/fixtures/drain-process.ts";

describe("signals and the drain", () => {
  let app: SpawnedApp | undefined;
  afterEach(() => app?.child.kill("SIGKILL"));

  async function started(stepMs: number): Promise<SpawnedApp> {
    app = spawnApp(FIXTURE, { PATH: process.env.PATH ?? "" }, [String(stepMs)]);
    await app.waitForLog((line) => line.message === "ready");
    return app;
  }

  it("drains once when a process group's signals arrive together (Ctrl-C plus a supervisor's SIGTERM)", async () => {
    const process = await started(1500);
    // A supervisor's SIGTERM to the group, then npm start's forwarded SIGTERM (and a
    // terminal's SIGINT): before, the second SIGTERM found no handler and killed the app.
    process.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.child.kill("SIGTERM");
    process.child.kill("SIGINT");
    expect(await process.exited).toBe(0);
    const output = process.output();
    expect(output).toContain('"step finished"');
    expect(output.match(/"step started"/g)).toHaveLength(1);
    expect(output.match(/part of the stop already draining/g)).toHaveLength(2);
  });

  it("lets a deliberate later signal cut the drain short", async () => {
    const process = await started(20_000);
    process.child.kill("SIGTERM");
    await process.waitForLog((line) => line.message === "step started");
    await new Promise((resolve) => setTimeout(resolve, 1200));
    process.child.kill("SIGINT");
    expect(await process.exited).toBe(1);
    expect(process.output()).toContain("second signal: stopping without finishing the drain");
    expect(process.output()).not.toContain('"step finished"');
  });

  it("drains a process that gets SIGTERM while it is still starting, once the start ends", async () => {
    // Handlers are installed before the start (the steps are a promise): before,
    // a SIGTERM in that window found no handler and Node's default killed the app
    // without a drain (seen as a missing "shutdown complete" from npm start).
    app = spawnApp(FIXTURE, { PATH: process.env.PATH ?? "" }, ["100", "1500"]);
    await app.waitForLog((line) => line.message === "starting");
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    const output = app.output();
    expect(output.indexOf('"started"')).toBeLessThan(output.indexOf('"step started"'));
    expect(output).toContain('"step finished"');
    expect(output).toContain("shutdown complete");
  });

  it("names the setting that moves a port already in use", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const server = createHttpServer();
      const attempt = listen(
        server,
        port,
        "127.0.0.1",
        "worker.metrics_port (or WORKER_METRICS_PORT)",
      );
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(
        `port ${port} on 127.0.0.1 is already in use: set worker.metrics_port (or WORKER_METRICS_PORT) to another port (0 picks a free one)`,
      );
    } finally {
      taken.close();
    }
  });
});
