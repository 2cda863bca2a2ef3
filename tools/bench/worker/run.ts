// npm run bench:worker — pull_request events pre-queued in BullMQ, applied to
// PostgreSQL by one worker process and by two, beside two ceilings measured in
// the same run on the same servers: a raw `pg` single-row upsert loop at the
// worker's concurrency, and a BullMQ worker that does nothing with its jobs;
// and the floor of the design: a BullMQ worker doing one single-row insert and
// queueing one notification per job, nothing else; and the peer a Probot user
// would write (probot-peer.ts): Prisma's model API, three writes in one
// $transaction per event, no ordering, no exactly-once.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { Pool } from "pg";
import { createPrismaClient } from "@hookline/db";
import type { IncomingEventJob } from "@hookline/queue";
import { benchOption } from "../support/bench-options";
import { startBenchProcess, type BenchProcess } from "../support/bench-process";
import { startBenchServices, type BenchServices } from "../support/bench-services";
import { describeBusy, MACHINE_CORES, startMachineCpu } from "../support/machine-cpu";
import { check, ratio, table } from "../support/stats";
import { probotPeerProcessor } from "./probot-peer";
import { addAll, benchJobs, BENCH_REPOSITORY, waitUntil, WARM_UP_REPOSITORY } from "./bench-jobs";

const EVENTS = benchOption("events", 6000);
/** --profile <dir> writes CPU profiles of the worker processes there. */
const PROFILE_DIR = benchOption("profile", undefined);
const CONCURRENCY = 10;

const WARM_UP_EVENTS = Math.min(EVENTS, 1500);
const jobs = (prefixTag: string, count = EVENTS, repositoryId = BENCH_REPOSITORY) =>
  benchJobs(prefixTag, count, repositoryId);

interface WorkerRun {
  rate: number;
  /** Busy cores, machine-wide, over the timed events. */
  busyCores: number | undefined;
}

/**
 * Events/s of `replicas` worker processes, warmed up first (JIT,
 * connections) on pull requests of another repository; the timed events are
 * queued while the queue is paused and timed from resume to the last one.
 */
async function workerRun(replicas: number, services: BenchServices): Promise<WorkerRun> {
  const { redisUrl, workDir } = services;
  const prefix = `{bench-w${replicas}}`;
  const databaseUrl = await services.freshDatabase(`bench_w${replicas}`);
  const redis = new Redis(redisUrl);
  const queue = new Queue("github-events", { connection: redis, prefix });
  const configPath = join(workDir, `worker-${replicas}.yaml`);
  writeFileSync(
    configPath,
    `redis:\n  prefix: "${prefix}"\nworker:\n  concurrency: ${CONCURRENCY}\n  metrics_port: 0\n`,
  );
  const db = new Pool({ connectionString: databaseUrl, max: 1 });
  db.on("error", () => undefined);
  const processed = async () =>
    Number(
      (await db.query("select count(*) from webhook_deliveries where status = 'PROCESSED'")).rows[0]
        .count,
    );
  const processes: BenchProcess[] = [];
  for (let i = 0; i < replicas; i += 1) {
    processes.push(
      await startBenchProcess("apps/worker/src/main.ts", {
        env: {
          CONFIG_PATH: configPath,
          REDIS_URL: redisUrl,
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: "warn",
        },
        nodeArgs: PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [],
      }),
    );
  }
  await addAll(queue, jobs(`warm-w${replicas}`, WARM_UP_EVENTS, WARM_UP_REPOSITORY));
  await waitUntil(async () => (await processed()) >= WARM_UP_EVENTS);
  await queue.pause();
  await addAll(queue, jobs(`w${replicas}`));
  const cpu = startMachineCpu();
  const started = performance.now();
  await queue.resume();
  await waitUntil(async () => (await processed()) >= WARM_UP_EVENTS + EVENTS);
  const seconds = (performance.now() - started) / 1000;
  const busyCores = cpu.busyCores();
  for (const process of processes) await process.stop();
  await queue.close();
  redis.disconnect();
  await db.end();
  return { rate: EVENTS / seconds, busyCores };
}

/** Ceiling 1: the same number of single-row upserts, straight through `pg`, CONCURRENCY at a time. */
async function rawUpsertRun(services: BenchServices): Promise<number> {
  const databaseUrl = await services.freshDatabase("bench_raw");
  const pool = new Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  pool.on("error", () => undefined); // idle clients cut off at shutdown
  await pool.query(
    "INSERT INTO repositories (id, full_name, updated_at) VALUES (1, 'octo/bench', now())",
  );
  const started = performance.now();
  // Each loop owns its own pull requests, so no two upserts race for one new row.
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, loop) => {
      for (let index = 0; index < EVENTS; index += 1) {
        const number = Math.floor(index / 3) + 1;
        if (number % CONCURRENCY !== loop) continue;
        await upsertPullRequest(pool, number, index);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return EVENTS / seconds;
}

async function upsertPullRequest(pool: Pool, number: number, index: number): Promise<void> {
  await pool.query(
    `INSERT INTO pull_requests (id, repository_id, number, title, head_ref, head_sha, base_ref, state, github_updated_at, updated_at)
     VALUES ($1, 1, $2, $3, 'feature', $4, 'main', 'OPEN', now(), now())
     ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, head_sha = EXCLUDED.head_sha, updated_at = now()`,
    [number, number, `title ${index}`, `sha-${index}`],
  );
}

/** Jobs/s of a BullMQ worker in this process, CONCURRENCY at a time, running `handle` for each job. */
async function bullmqWorkerRun(
  redisUrl: string,
  tag: string,
  handle: (job: Job<IncomingEventJob>) => Promise<void>,
): Promise<number> {
  const prefix = `{bench-${tag}}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("github-events", { connection: redis, prefix });
  await addAll(queue, jobs(tag));
  let done = 0;
  let started = 0;
  const consumer = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker<IncomingEventJob>(
    "github-events",
    async (job) => {
      started ||= performance.now();
      await handle(job);
    },
    { connection: consumer, prefix, concurrency: CONCURRENCY },
  );
  let failure: Error | undefined;
  worker.on("completed", () => (done += 1));
  worker.on("failed", (_job, error) => (failure ??= error));
  await waitUntil(async () => {
    if (failure) throw failure;
    return done >= EVENTS;
  });
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.close();
  redis.disconnect();
  consumer.disconnect();
  return EVENTS / seconds;
}

/** Ceiling 2: a BullMQ worker at the same concurrency that does nothing with the same jobs. */
function noopWorkerRun(redisUrl: string): Promise<number> {
  return bullmqWorkerRun(redisUrl, "noop", async () => undefined);
}

/**
 * The floor of the design: per job, what any worker of this design
 * (docs/architecture.md) does at least -- one BullMQ job, its payload parsed, one single-row
 * PostgreSQL statement and one notification queued -- with nothing else.
 */
async function designFloorRun(services: BenchServices): Promise<number> {
  const pool = new Pool({
    connectionString: await services.freshDatabase("bench_floor"),
    max: CONCURRENCY,
  });
  pool.on("error", () => undefined);
  const producer = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const notifications = new Queue("notifications", {
    connection: producer,
    prefix: "{bench-floor}",
  });
  const rate = await bullmqWorkerRun(services.redisUrl, "floor", async (job) => {
    const payload = JSON.parse(job.data.body) as { number: number; action: string };
    // One row per delivery, so concurrent events of one pull request never race.
    await pool.query(
      `INSERT INTO webhook_deliveries (delivery_id, event, action, status, received_at, processed_at, attempts)
       VALUES ($1, 'pull_request', $2, 'PROCESSED', now(), now(), 1)`,
      [job.id, payload.action],
    );
    await notifications.add(
      "notification",
      { event_type: "pr.updated", data: { number: payload.number } },
      { jobId: `${job.id}.pr.updated` },
    );
  });
  await notifications.close();
  producer.disconnect();
  await pool.end();
  return rate;
}

/** The Probot-style peer, in this process, at the worker's concurrency, on the same jobs. */
async function probotPeerRun(services: BenchServices): Promise<number> {
  const prisma = createPrismaClient(await services.freshDatabase("bench_peer"), {
    maxConnections: CONCURRENCY + 2,
  });
  try {
    return await bullmqWorkerRun(services.redisUrl, "peer", probotPeerProcessor(prisma));
  } finally {
    await prisma.$disconnect();
  }
}

async function main(): Promise<void> {
  const services = await startBenchServices("worker");
  try {
    console.log(
      `${EVENTS} events (${Math.ceil(EVENTS / 7)} pull requests: opened, edited, synchronize (~8 KB each), check_run created, completed, rerequested, check_suite completed), concurrency ${CONCURRENCY} per process\n`,
    );
    const raw = await rawUpsertRun(services);
    console.log(`raw pg upsert loop: ${Math.round(raw)}/s`);
    const noop = await noopWorkerRun(services.redisUrl);
    console.log(`BullMQ no-op worker: ${Math.round(noop)}/s`);
    const floor = await designFloorRun(services);
    console.log(`BullMQ job + 1 insert + 1 notification: ${Math.round(floor)}/s`);
    const peer = await probotPeerRun(services);
    console.log(`Probot-style peer (Prisma upserts in one $transaction): ${Math.round(peer)}/s`);
    const runOne = await workerRun(1, services);
    const one = runOne.rate;
    console.log(`hookline worker ×1: ${Math.round(one)}/s, ${describeBusy(runOne.busyCores)}`);
    const runTwo = await workerRun(2, services);
    const two = runTwo.rate;
    console.log(`hookline worker ×2: ${Math.round(two)}/s, ${describeBusy(runTwo.busyCores)}`);
    console.log(
      `\n${table(
        ["run", "events/s", "vs raw upsert", "vs floor", "vs peer"],
        [
          ["raw pg single-row upsert (ceiling)", Math.round(raw), "1.00×", "", ""],
          ["BullMQ no-op worker (ceiling)", Math.round(noop), ratio(noop, raw), "", ""],
          [
            "BullMQ job + 1 insert + 1 notification (floor)",
            Math.round(floor),
            ratio(floor, raw),
            "1.00×",
            "",
          ],
          [
            "Probot-style peer: Prisma upserts in one $transaction",
            Math.round(peer),
            ratio(peer, raw),
            ratio(peer, floor),
            "1.00×",
          ],
          [
            "hookline worker, 1 process",
            Math.round(one),
            ratio(one, raw),
            ratio(one, floor),
            ratio(one, peer),
          ],
          [
            "hookline worker, 2 processes",
            Math.round(two),
            ratio(two, raw),
            ratio(two, floor),
            ratio(two, peer),
          ],
        ],
      )}\n`,
    );
    console.log(
      [
        check(`1 process ≥ 3.0 × Probot-style peer: ${ratio(one, peer)}`, one >= 3 * peer),
        check(`1 process ≥ 0.6 × design floor: ${ratio(one, floor)}`, one >= 0.6 * floor),
        check(`1 process ≥ 0.35 × raw upsert: ${ratio(one, raw)}`, one >= 0.35 * raw),
        check(`2 processes ≥ 1.3 × 1 process: ${ratio(two, one)}`, two >= 1.3 * one),
      ].join("\n"),
    );
    // Worker, PostgreSQL, Redis and this process share the machine: a second
    // replica can only use the cores the first one left idle.
    if (runOne.busyCores !== undefined)
      console.log(
        `\nWith 1 process the machine had ${describeBusy(runOne.busyCores)}: more replicas on this machine can reach at most ${(MACHINE_CORES / runOne.busyCores).toFixed(2)}× (every core busy).`,
      );
  } finally {
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
