import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import { applyMigrations, MIGRATIONS_DIR } from "@hookline/db";
import { startPostgres, type PostgresServer } from "@hookline/local-services";
import { waitFor, waitForJob } from "@hookline/test-utils";
import { pullRequestEvent } from "@hookline/test-utils";
import { eventJob } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

const FAST_RETRIES = { attempts: 20, backoff: { type: "exponential", delay: 100 } };

describe("a payload that can never succeed", () => {
  let harness: WorkerHarness;
  beforeAll(async () => {
    harness = await createWorkerHarness();
    await harness.startWorker();
  });
  afterAll(() => harness.close());

  it("goes straight to the failed set with a readable reason, and the ledger says why", async () => {
    const deliveryId = randomUUID();
    const broken = pullRequestEvent({
      number: 3,
      action: "opened",
      updatedAt: "2026-11-28T09:00:00Z",
    });
    delete broken.pull_request.head;
    await harness.incomingQueue.add("github", eventJob("pull_request", broken, deliveryId), {
      jobId: deliveryId,
      ...FAST_RETRIES,
    });
    const job = await waitForJob(harness.incomingQueue, deliveryId, ["failed"]);
    // Not retried: one attempt in the ledger, still failed a moment later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await (await harness.incomingQueue.getJob(deliveryId))!.isFailed()).toBe(true);
    expect(job!.failedReason).toMatch(/pull_request payload failed validation: pull_request\.head/);
    const delivery = await harness.prisma.webhookDelivery.findUniqueOrThrow({
      where: { deliveryId },
    });
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(delivery.lastError).toMatch(/pull_request\.head/);
  });

  it("treats a body that is not JSON the same way", async () => {
    const deliveryId = randomUUID();
    await harness.incomingQueue.add(
      "github",
      { ...eventJob("status", {}, deliveryId), body: "{nope" },
      { jobId: deliveryId, ...FAST_RETRIES },
    );
    const job = await waitForJob(harness.incomingQueue, deliveryId, ["failed"]);
    expect(job!.failedReason).toMatch(/not valid JSON/);
  });
});

// A PostgreSQL of this file's own, so it can be stopped without touching other tests.
describe("a database outage", () => {
  let dataDir: string;
  let postgres: PostgresServer;
  let harness: WorkerHarness;
  let databaseUrl: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "hookline-pg-outage-"));
    postgres = await startPostgres({ dataDir: join(dataDir, "pg"), ephemeral: true });
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    await client.query("CREATE DATABASE outage");
    await client.end();
    databaseUrl = postgres.url.replace(/\/postgres$/, "/outage");
    await applyMigrations(databaseUrl, MIGRATIONS_DIR, {
      info: () => undefined,
      warn: () => undefined,
    });
    harness = await createWorkerHarness({ databaseUrl });
    await harness.startWorker();
  }, 60_000);
  afterAll(async () => {
    await harness.close();
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("makes jobs retry with backoff, drops nothing, and they succeed once PostgreSQL is back", async () => {
    await postgres.stop();
    const ids = [1, 2, 3].map(() => randomUUID());
    for (const [index, id] of ids.entries()) {
      const payload = pullRequestEvent({
        number: 20 + index,
        action: "opened",
        updatedAt: "2026-11-28T09:00:00Z",
      });
      await harness.incomingQueue.add("github", eventJob("pull_request", payload, id), {
        jobId: id,
        ...FAST_RETRIES,
      });
    }
    // Several attempts fail while the database is down...
    await waitFor(
      async () => {
        const jobs = await Promise.all(ids.map((id) => harness.incomingQueue.getJob(id)));
        return jobs.every((job) => (job?.attemptsMade ?? 0) >= 2);
      },
      { timeoutMs: 20_000 },
    );
    const waiting = await Promise.all(ids.map((id) => harness.incomingQueue.getJob(id)));
    expect(waiting.every((job) => job && !job.finishedOn)).toBe(true);

    postgres = await startPostgres({
      dataDir: join(dataDir, "pg"),
      port: postgres.port,
      ephemeral: true,
    });
    await waitFor(
      async () =>
        (await harness.prisma.webhookDelivery.count({ where: { status: "PROCESSED" } })) === 3,
      { timeoutMs: 20_000 },
    );
    const deliveries = await harness.prisma.webhookDelivery.findMany({
      where: { deliveryId: { in: ids } },
    });
    expect(
      deliveries.every(
        (delivery) => delivery.status === "PROCESSED" && delivery.lastError === null,
      ),
    ).toBe(true);
    expect(await harness.prisma.pullRequest.count()).toBe(3);
    // The ledger counts every attempt, also those that could not reach PostgreSQL to say so.
    for (const delivery of deliveries) {
      const job = (await harness.incomingQueue.getJob(delivery.deliveryId))!;
      expect(delivery.attempts).toBeGreaterThanOrEqual(3);
      expect(delivery.attempts).toBe(job.attemptsStarted);
    }
    const failed = await harness.incomingQueue.getFailedCount();
    expect(failed).toBe(0);
  }, 60_000);
});
