import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnApp, waitFor, type SpawnedApp } from "@hookline/test-utils";
import { pullRequestEvent } from "@hookline/test-utils";
import { eventJob } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

const ENTRY = "apps/worker/src/main.ts";
const EVENTS = 300;

describe("worker replicas as real processes", () => {
  let harness: WorkerHarness;
  const processes: SpawnedApp[] = [];
  beforeAll(async () => {
    harness = await createWorkerHarness();
  });
  afterAll(async () => {
    for (const app of processes) app.child.kill("SIGKILL");
    await harness.close();
  });

  function startReplica(configPath: string): SpawnedApp {
    const app = spawnApp(ENTRY, {
      CONFIG_PATH: configPath,
      REDIS_URL: harness.config.redis.url,
      DATABASE_URL: harness.database.url,
      WORKER_METRICS_PORT: "0",
    });
    processes.push(app);
    return app;
  }

  it("processes every event exactly once when one of two replicas is killed mid-batch", async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), "hookline-replicas-")), "config.yaml");
    // Short locks so the killed replica's jobs are recovered within seconds.
    writeFileSync(
      configPath,
      `redis:\n  url: \${REDIS_URL}\n  prefix: "${harness.config.redis.prefix}"\nworker:\n  concurrency: 8\n  lock_duration: 2s\n  stalled_interval: 1s\nshutdown_timeout: 10s\n`,
    );
    const jobs = Array.from({ length: EVENTS }, (_, index) => {
      const id = randomUUID();
      // Pull requests get two events each, so replicas contend for the same rows.
      const payload = pullRequestEvent({
        number: 1000 + Math.floor(index / 2),
        action: index % 2 ? "edited" : "opened",
        updatedAt: new Date(Date.UTC(2026, 10, 28, 9, 0, index % 2)).toISOString(),
      });
      return { name: "github", data: eventJob("pull_request", payload, id), opts: { jobId: id } };
    });
    await harness.incomingQueue.addBulk(jobs);

    const victim = startReplica(configPath);
    const survivor = startReplica(configPath);
    const [, running] = await Promise.all(
      [victim, survivor].map((app) => app.waitForLog((line) => line.message === "worker running")),
    );
    await waitFor(async () => (await harness.prisma.webhookDelivery.count()) >= EVENTS / 5, {
      timeoutMs: 30_000,
    });
    victim.child.kill("SIGKILL");

    await waitFor(
      async () =>
        (await harness.prisma.webhookDelivery.count({ where: { status: "PROCESSED" } })) === EVENTS,
      {
        timeoutMs: 45_000,
        what: "every event processed",
      },
    );
    expect(await harness.prisma.pullRequestEvent.count()).toBe(EVENTS);
    expect(await harness.prisma.pullRequest.count()).toBe(EVENTS / 2);
    const edited = await harness.prisma.pullRequest.count({
      where: { stateDeliveryId: { in: jobs.filter((_, i) => i % 2).map((job) => job.opts.jobId) } },
    });
    expect(edited).toBe(EVENTS / 2);
    await waitFor(async () => (await harness.incomingQueue.getCompletedCount()) === EVENTS, {
      what: "all jobs completed",
    });
    expect(await harness.incomingQueue.getFailedCount()).toBe(0);

    const metricsUrl = `http://127.0.0.1:${running!.metrics_port}`;
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /worker_events_processed_total\{[^}]*event_type="pull_request"[^}]*\} \d+/,
    );
    expect(metrics).toContain("webhook_processing_duration_seconds_bucket");
    const ready = await fetch(`${metricsUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      healthy: true,
      redis: true,
      database: true,
      last_processed: expect.any(String),
    });

    survivor.child.kill("SIGTERM");
    expect(await survivor.exited).toBe(0);
    await survivor.waitForLog((line) => line.message === "shutdown complete");
    const lifecycle = await harness.notificationQueue.getJobs(["prioritized", "waiting"]);
    const systemEvents = lifecycle
      .map((job) => job.data.event_type)
      .filter((type) => type.startsWith("system."));
    expect(systemEvents.filter((type) => type === "system.worker.started")).toHaveLength(2);
    expect(systemEvents.filter((type) => type === "system.worker.stopped")).toHaveLength(1);
  }, 90_000);
});
