import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  pullRequestEvent,
  spawnApp,
  testRedisUrl,
  waitFor,
  type SpawnedApp,
} from "@hookline/test-utils";
import {
  createRecoveryHarness,
  REPO_HOOK,
  TOKEN,
  type RecoveryHarness,
} from "./support/recovery-harness";

const HOOKS = `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 101 }
  sweep: { interval: 1h, write_interval: 10ms, retry_base: 50ms }
`;

// The real processes under tsx (octokit is ES modules only): the scheduled
// sweeper, `npm run sweep` and `npm run backfill`.
describe("sweeper processes", () => {
  let harness: RecoveryHarness;
  let app: SpawnedApp | undefined;
  let env: Record<string, string>;
  beforeAll(async () => {
    harness = await createRecoveryHarness();
    const configPath = join(mkdtempSync(join(tmpdir(), "hookline-sweeper-")), "config.yaml");
    writeFileSync(configPath, HOOKS);
    env = {
      PATH: process.env.PATH ?? "",
      CONFIG_PATH: configPath,
      REDIS_URL: testRedisUrl(),
      DATABASE_URL: harness.worker.database.url,
      GITHUB_API_URL: harness.github.url,
      GITHUB_TOKEN: TOKEN,
      SWEEPER_METRICS_PORT: "0",
    };
  });
  afterAll(async () => {
    await harness.close();
  });
  afterEach(() => {
    app?.child.kill("SIGKILL");
  });

  const miss = async (number: number) => {
    harness.ingestMode = "refuse";
    const row = await harness.github.deliver(
      REPO_HOOK,
      "pull_request",
      pullRequestEvent({ number, action: "opened", updatedAt: "2026-11-29T08:00:00Z" }),
    );
    harness.ingestMode = "up";
    return row;
  };

  // The processes use the production prefix; the harness's ingest uses its own,
  // so what they recover is seen in GitHub's rows, not in the database.
  it("sweeps and runs retention at start, serves /metrics, and exits 0 on SIGTERM", async () => {
    const missed = await miss(1);
    app = spawnApp("apps/sweeper/src/main.ts", { ...env, LOG_LEVEL: "info" });
    const running = await app.waitForLog((line) => line.message === "sweeper running");
    // Not after the first hour: a replica restarted more often would never prune.
    await app.waitForLog((line) => line.message === "retention run finished");
    await app.waitForLog(
      (line) => line.message === "redelivery requested" && line.delivery_id === missed.guid,
    );
    await harness.github.settled();
    await waitFor(() =>
      harness.github.rows(REPO_HOOK).some((row) => row.guid === missed.guid && row.status === "OK"),
    );
    const metricsPort = running.metrics_port as number;
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(
      /github_redeliveries_requested_total\{hook="repository:octo\/hookline:101",service="sweeper"\} 1/,
    );
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
  }, 120_000);

  it("npm run sweep: one sweep, a summary on the terminal, exit 0", async () => {
    await miss(2);
    app = spawnApp("apps/sweeper/src/sweep-main.ts", env);
    expect(await app.exited).toBe(0);
    expect(app.output()).toMatch(
      /repository:octo\/hookline:101: \d+ deliveries listed, 1 failed and never stored, 1 redeliveries requested/,
    );
  }, 120_000);

  it("npm run sweep with no hooks configured says so and exits 0: nothing to do is no failure", async () => {
    const empty = join(mkdtempSync(join(tmpdir(), "hookline-sweeper-")), "config.yaml");
    writeFileSync(empty, "log_level: info\n");
    app = spawnApp("apps/sweeper/src/sweep-main.ts", { ...env, CONFIG_PATH: empty });
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain("no GitHub hooks configured (github.hooks");
    expect(app.output()).not.toMatch(/\n\s+at /);
  }, 120_000);

  it("npm run backfill -- --all with no repositories configured says so and exits 0", async () => {
    const empty = join(mkdtempSync(join(tmpdir(), "hookline-sweeper-")), "config.yaml");
    writeFileSync(empty, "log_level: info\n");
    app = spawnApp("apps/sweeper/src/backfill-main.ts", { ...env, CONFIG_PATH: empty }, ["--all"]);
    expect(await app.exited).toBe(0);
    expect(app.output()).toContain("no repositories configured");
    expect(app.output()).not.toMatch(/\n\s+at /);
  }, 120_000);

  it("npm run backfill refuses a missing --repo/--all with its usage, and an unknown repository", async () => {
    app = spawnApp("apps/sweeper/src/backfill-main.ts", env);
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain("usage: npm run backfill");
    app = spawnApp("apps/sweeper/src/backfill-main.ts", env, ["--repo", "octo/missing"]);
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain("Not Found");
  }, 120_000);
});
