import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { freePort } from "@hookline/local-services";
import { spawnApp, testPrefix, testRedisUrl, type SpawnedApp } from "@hookline/test-utils";
import { SECRET, signGithub } from "@hookline/test-utils";

const ENTRY = "apps/ingest/src/main.ts";

describe("the ingest process", () => {
  let app: SpawnedApp | undefined;
  afterEach(() => {
    app?.child.kill("SIGKILL");
    app = undefined;
  });

  it("refuses to start without a secret while signatures are required, naming the key in one message", async () => {
    app = spawnApp(ENTRY, {
      REDIS_URL: "redis://127.0.0.1:1",
      INGEST_PORT: "not-a-port",
      DASHBOARD_PORT: "99999",
    });
    expect(await app.exited).toBe(1);
    const output = app.output();
    expect(output).toContain("Invalid configuration (3 problems)");
    expect(output).toContain("ingest.port (from INGEST_PORT)");
    expect(output).toContain("dashboard.port (from DASHBOARD_PORT)");
    expect(output).toContain("incoming.github.secrets");
  });

  it("never prints a secret in a configuration error", async () => {
    app = spawnApp(ENTRY, {
      GITHUB_WEBHOOK_SECRET: "super-secret-value",
      REDIS_URL: "super-secret-value",
    });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain("redis.url (from REDIS_URL)");
    expect(app.output()).not.toContain("super-secret-value");
  });

  it("finishes the request in flight on SIGTERM, then exits 0", async () => {
    const port = await freePort();
    const configPath = join(mkdtempSync(join(tmpdir(), "hookline-ingest-")), "config.yaml");
    writeFileSync(
      configPath,
      `redis:\n  url: \${REDIS_URL}\n  prefix: "${testPrefix()}"\nshutdown_timeout: 5s\n`,
    );
    app = spawnApp(ENTRY, {
      CONFIG_PATH: configPath,
      GITHUB_WEBHOOK_SECRET: SECRET,
      REDIS_URL: testRedisUrl(),
      INGEST_PORT: String(port),
    });
    await app.waitForLog((line) => line.message === "ingest listening");

    const body = JSON.stringify({ action: "opened", pull_request: { id: 1 } });
    const answer = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: "/webhooks/github",
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "X-GitHub-Event": "pull_request",
            "X-GitHub-Delivery": randomUUID(),
            "X-Hub-Signature-256": signGithub(body),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      // Half the body now, SIGTERM, then the rest: the request is in flight during shutdown.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        app!.child.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });
    expect(await answer).toBe(202);
    expect(await app.exited).toBe(0);
    await app.waitForLog((line) => line.message === "shutdown complete");
  });
});
