import { execFileSync } from "node:child_process";
import { join } from "node:path";
import {
  createTestDatabase,
  REPO_ROOT,
  SECRET,
  spawnApp,
  testPrefix,
  testRedisUrl,
  type SpawnedApp,
  type TestDatabase,
} from "@hookline/test-utils";

const listensOn127 = {
  INGEST_HOST: "127.0.0.1",
  INGEST_PORT: "0",
  WORKER_METRICS_HOST: "127.0.0.1",
  WORKER_METRICS_PORT: "0",
  NOTIFIER_METRICS_HOST: "127.0.0.1",
  NOTIFIER_METRICS_PORT: "0",
  SWEEPER_METRICS_HOST: "127.0.0.1",
  SWEEPER_METRICS_PORT: "0",
  DASHBOARD_PORT: "0",
  DASHBOARD_LOCAL_ONLY: "true",
};

// `npm run build`, then the JavaScript it wrote, run with plain node.
describe("the production build", () => {
  let running: SpawnedApp | undefined;
  let database: TestDatabase;
  beforeAll(async () => {
    execFileSync(process.execPath, [join(REPO_ROOT, "tools/build/build.mjs")], {
      cwd: REPO_ROOT,
      stdio: "pipe",
    });
    database = await createTestDatabase();
  }, 120_000);
  afterEach(() => {
    running?.child.kill("SIGKILL");
    running = undefined;
  });
  afterAll(() => database.drop());

  it("runs an app with plain node: it becomes ready, then exits 0 on SIGTERM", async () => {
    running = spawnApp("apps/ingest/dist/main.js", {
      GITHUB_WEBHOOK_SECRET: SECRET,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: testPrefix(),
      ...listensOn127,
    });
    const listening = await running.waitForLog((line) => line.message === "ingest listening");
    const health = await fetch(`http://127.0.0.1:${String(listening.port)}/health`);
    expect(health.status).toBe(200);
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain("shutdown complete");
  }, 60_000);

  it("runs the whole stack compiled (npm start -- --compiled) and stops it cleanly", async () => {
    running = spawnApp(
      "tools/stack/src/main.ts",
      {
        GITHUB_WEBHOOK_SECRET: SECRET,
        REDIS_URL: testRedisUrl(),
        REDIS_PREFIX: testPrefix(),
        DATABASE_URL: database.url,
        ...listensOn127,
      },
      ["--compiled"],
    );
    for (const message of [
      "ingest listening",
      "worker running",
      "notifier running",
      "dashboard listening",
      "sweeper running",
    ])
      await running.waitForLog((line) => line.message === message, 45_000);
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    const output = running.output();
    expect(output.match(/"message":"shutdown complete"/g)).toHaveLength(5);
    expect(output).not.toContain("stopping the stack");
    expect(output).toContain("[start] stopped");
  }, 120_000);
});
