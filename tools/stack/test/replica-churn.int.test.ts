import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { Client } from "pg";
import {
  createTestDatabase,
  eventJob,
  pullRequestEvent,
  spawnApp,
  startReceiver,
  testPrefix,
  testRedisUrl,
  waitFor,
  type Receiver,
  type SpawnedApp,
  type TestDatabase,
} from "@hookline/test-utils";

// Replicas come and go the way an autoscaler moves them: a new one starts,
// then an old one gets SIGTERM and drains, while events keep flowing.
const EVENTS = 5000;
const BATCH = 250;
const BATCH_EVERY_MS = 500; // 500 events a second at most: events flow through both rounds
const CHURN_EVERY_MS = 500;
const CHURNS = 4; // both workers and both notifiers replaced
const DRAIN_DEADLINE_MS = 5000;
const ENTRIES = {
  worker: "apps/worker/src/main.ts",
  notifier: "apps/notifier/src/main.ts",
} as const;
type Kind = keyof typeof ENTRIES;

describe("replicas scaled up and down while events flow", () => {
  let database: TestDatabase;
  let receiver: Receiver;
  let redis: Redis;
  let prefix: string;
  const processes: SpawnedApp[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    prefix = testPrefix();
  });
  afterAll(async () => {
    for (const app of processes) app.child.kill("SIGKILL");
    await receiver.close();
    redis.disconnect();
    await database.drop();
  });

  it("loses nothing, does nothing twice, and no job waits past the drain deadline", async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), "hookline-churn-")), "config.yaml");
    writeFileSync(
      configPath,
      [
        `shutdown_timeout: ${DRAIN_DEADLINE_MS}ms`,
        "redis:",
        `  prefix: "${prefix}"`,
        // Production's long locks: a job left behind would wait 30 s for a stalled check.
        "worker:\n  concurrency: 8\n  lock_duration: 30s\n  stalled_interval: 30s",
        "notifier:\n  concurrency: 50\n  delivery_lock_duration: 30s\n  stalled_interval: 30s",
        "outgoing:",
        "  allow_http_hosts: [127.0.0.1]",
        "  allow_private_addresses: [127.0.0.1]",
        "  allowed_ports: [1024-65535]",
        "  channels:",
        "    monitoring:",
        `      url: ${receiver.url}`,
        '      events: ["pr.created"]',
        "",
      ].join("\n"),
    );
    const env = {
      PATH: process.env.PATH ?? "",
      CONFIG_PATH: configPath,
      REDIS_URL: testRedisUrl(),
      DATABASE_URL: database.url,
      WORKER_METRICS_PORT: "0",
      NOTIFIER_METRICS_PORT: "0",
      LOG_LEVEL: "warn",
    };
    const running: Record<Kind, SpawnedApp[]> = { worker: [], notifier: [] };
    const exits: Array<number | string> = [];
    const stoppedAt: number[] = [];
    const start = async (kind: Kind) => {
      // "info" for the start line only; LOG_LEVEL warn keeps the rest quiet.
      const app = spawnApp(ENTRIES[kind], { ...env, LOG_LEVEL: "info" });
      processes.push(app);
      await app.waitForLog((line) => line.message === `${kind} running`, 30_000);
      running[kind].push(app);
    };
    const stopOldest = async (kind: Kind) => {
      const app = running[kind].shift()!;
      stoppedAt.push(Date.now());
      // As a supervisor stopping `npm start`'s process group delivers it: the
      // group's SIGTERM, then the one npm start forwards.
      app.child.kill("SIGTERM");
      setTimeout(() => app.child.kill("SIGTERM"), 100);
      exits.push(await app.exited);
    };
    const began = Date.now();
    const mark = (what: string) => process.stderr.write(`${Date.now() - began} ms: ${what}\n`);
    await Promise.all([start("worker"), start("worker"), start("notifier"), start("notifier")]);
    mark("four replicas running");

    const incoming = new Queue("github-events", { connection: redis, prefix });
    // Built before traffic starts, from one template (cloning is cheaper than building).
    const template = pullRequestEvent({
      number: 1,
      action: "opened",
      updatedAt: new Date(Date.UTC(2026, 11, 6, 12, 0, 0)).toISOString(),
    });
    const jobs = Array.from({ length: EVENTS }, (_, index) => {
      const number = index + 1;
      const payload = structuredClone(template);
      payload.number = number;
      Object.assign(payload.pull_request, {
        id: 900_000 + number,
        number,
        title: `Change ${number}`,
      });
      payload.pull_request.head = { ...payload.pull_request.head, sha: `sha-${number}-a` };
      const data = eventJob("pull_request", payload, `churn-${number}`);
      return { name: "github", data, opts: { jobId: data.deliveryId } };
    });
    mark("events built");
    const feeding = (async () => {
      for (let sent = 0; sent < EVENTS; sent += BATCH) {
        await incoming.addBulk(jobs.slice(sent, sent + BATCH));
        await new Promise((resolve) => setTimeout(resolve, BATCH_EVERY_MS));
      }
    })();
    // Every replica replaced once, a worker and a notifier at a time: up, then down.
    let churns = 0;
    const churning = (async () => {
      for (let round = 0; round < 2; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, CHURN_EVERY_MS));
        await Promise.all([start("worker"), start("notifier")]);
        mark("a worker and a notifier started");
        await Promise.all([stopOldest("worker"), stopOldest("notifier")]);
        mark("the oldest worker and notifier stopped (drained)");
        churns += 2;
      }
    })();
    await Promise.all([feeding.then(() => mark("all events queued")), churning]);

    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const count = async (sql: string) => Number((await pg.query(sql)).rows[0].count);
      await waitFor(
        async () =>
          (await count("SELECT count(*) FROM webhook_deliveries WHERE status = 'PROCESSED'")) ===
          EVENTS,
        { timeoutMs: 60_000, intervalMs: 500, what: "every event stored" },
      );
      const created = () =>
        receiver.received.filter((request) => request.body.includes('"pr.created"'));
      await waitFor(() => created().length >= EVENTS, {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: "every pr.created delivered",
      });

      mark("all stored and delivered");
      // Every SIGTERM drained and exited 0.
      expect(exits).toEqual(Array(exits.length).fill(0));
      expect(churns).toBe(CHURNS);
      // 0 lost, 0 twice: one history row per event; each notification received once (by webhook-id).
      expect(await count("SELECT count(*) FROM pull_request_events")).toBe(EVENTS);
      const ids = created().map((request) => String(request.headers["webhook-id"]));
      expect(new Set(ids).size).toBe(EVENTS);
      expect(ids).toHaveLength(EVENTS);
      // No job waited past the drain deadline: whatever was in flight when a replica
      // got SIGTERM finished within the deadline (a job stranded on a stopped replica
      // would wait out its 30 s lock and a stalled check), and none ran twice: no
      // stall and no second attempt. (attemptsStarted also counts a delivery parked
      // while its channel's slots were full, which is not a second run.)
      for (const name of ["github-events", "notifications", "deliveries"]) {
        const queue = new Queue(name, { connection: redis, prefix });
        const done = await queue.getCompleted(0, -1);
        expect([name, await queue.getFailedCount()]).toEqual([name, 0]);
        const inFlightWaits = stoppedAt.flatMap((at) =>
          done
            .filter((job) => job.processedOn! <= at && job.finishedOn! > at)
            .map((job) => job.finishedOn! - at),
        );
        const longest = Math.max(0, ...inFlightWaits);
        const backlog = Math.max(...done.map((job) => job.processedOn! - job.timestamp));
        process.stderr.write(
          `${name}: ${done.length} done; ${inFlightWaits.length} in flight at a SIGTERM, finished within ${longest} ms; longest wait in line ${backlog} ms\n`,
        );
        expect([name, longest < DRAIN_DEADLINE_MS]).toEqual([name, true]);
        expect([
          name,
          done.filter((job) => job.stalledCounter > 0 || job.attemptsMade > 1).length,
        ]).toEqual([name, 0]);
        await queue.close();
      }
    } finally {
      await pg.end();
      await incoming.close();
      for (const kind of ["worker", "notifier"] as const)
        await Promise.all(
          running[kind].splice(0).map((app) => (app.child.kill("SIGTERM"), app.exited)),
        );
    }
  }, 150_000);
});
