// npm run bench:burst — a backlog flush end to end on one machine: signed
// GitHub deliveries for many pull requests (opened, synchronize, check runs
// created and completed, statuses, closed) posted from 50 connections as fast
// as the ingest takes them, with one ingest, one worker and one notifier
// process and a receiver on 127.0.0.1, PostgreSQL and Redis (AOF, appendfsync
// always, as shipped). It prints the answers, ack latency, seconds until
// every pull request's stored state is final and until the receiver has
// every notification, peak queue depths and Redis memory; and, measured in
// the same run on the same processes, each stage alone (ingest with the
// worker held, worker with the notifier held, notifier), combined into the
// harmonic bound 1 / (1/ingest + 1/worker + notifications_per_delivery /
// notifier): the rate the three could drain the burst at if they shared the
// cores perfectly. `--deliveries N` (default 20,000) for a quicker run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import axios from "axios";
import { Pool } from "pg";
import { freePort } from "@hookline/local-services";
import { createQueue, createRedisConnection, QUEUE_NAMES, redisReady } from "@hookline/queue";
import { benchOption } from "../support/bench-options";
import { startBenchProcess, type BenchProcess } from "../support/bench-process";
import { startBenchServices } from "../support/bench-services";
import { describeBusy, formatCores, startMachineCpu } from "../support/machine-cpu";
import { check, ratio, table } from "../support/stats";
import { burstDeliveries, DELIVERIES_PER_PULL_REQUEST } from "./burst-deliveries";
import { describeStored, finalPullRequests, pending, until, watchPeaks } from "./burst-watch";
import { postBurst } from "./post-burst";

const perPullRequest = (count: number) =>
  Math.max(1, Math.round(count / DELIVERIES_PER_PULL_REQUEST));
const PULL_REQUESTS = perPullRequest(benchOption("deliveries", 20_000));
const DELIVERIES = PULL_REQUESTS * DELIVERIES_PER_PULL_REQUEST;
/** Deliveries of the stage-alone runs (another repository's pull requests). */
const SAMPLE_PULL_REQUESTS = perPullRequest(
  benchOption("sample", Math.max(1000, Math.round(DELIVERIES / 4))),
);
const CONNECTIONS = 50;
/** Longest wait for any one phase, seconds. */
const PHASE_TIMEOUT_MS = benchOption("timeout", 600) * 1000;
const SECRET = "bench-secret";
const CHANNEL_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const REPOSITORY = { warmUp: 3_000_001, sample: 3_000_002, burst: 3_000_003 };
const PREFIX = "{bench-burst}";

interface ReceiverState {
  requests: number;
  distinct: number;
  /** ms since the epoch of the last notification. */
  lastAt: number;
}

async function main(): Promise<void> {
  const services = await startBenchServices("burst");
  const processes: BenchProcess[] = [];
  const redis = createRedisConnection(services.redisUrl, "producer");
  let state: Pool | undefined;
  try {
    await redisReady(redis);
    // What hookline ships: Redis fsyncs each write before it answers.
    await redis.config("SET", "appendfsync", "always");
    const databaseUrl = await services.freshDatabase("bench_burst");
    const db = new Pool({ connectionString: databaseUrl, max: 2 });
    db.on("error", () => undefined);
    state = db;
    const receiverPort = await freePort();
    const ingestPort = await freePort();
    processes.push(
      await startBenchProcess("tools/bench/burst/receiver.ts", {
        args: [String(receiverPort)],
        port: receiverPort,
      }),
    );
    const configPath = join(services.workDir, "config.yaml");
    writeFileSync(
      configPath,
      [
        `redis:\n  prefix: "${PREFIX}"`,
        "worker:\n  metrics_port: 0",
        "notifier:\n  metrics_port: 0",
        "outgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]",
        `  channels:\n    platform:\n      url: http://127.0.0.1:${receiverPort}/hook\n      secret: ${CHANNEL_SECRET}\n      events: ["pr.*"]`,
        "",
      ].join("\n"),
    );
    const env = {
      CONFIG_PATH: configPath,
      REDIS_URL: services.redisUrl,
      DATABASE_URL: databaseUrl,
      GITHUB_WEBHOOK_SECRET: SECRET,
      INGEST_PORT: String(ingestPort),
      LOG_LEVEL: "warn",
    };
    processes.push(await startBenchProcess("apps/worker/src/main.ts", { env }));
    processes.push(await startBenchProcess("apps/notifier/src/main.ts", { env }));
    processes.push(await startBenchProcess("apps/ingest/src/main.ts", { env, port: ingestPort }));
    const context = { connection: redis, prefix: PREFIX };
    const events = createQueue(QUEUE_NAMES.githubEvents, context);
    const notifications = createQueue(QUEUE_NAMES.notifications, context);
    const deliveries = createQueue(QUEUE_NAMES.deliveries, context);
    const queues = [events, notifications, deliveries];
    const receiver = async () =>
      (await axios.get<ReceiverState>(`http://127.0.0.1:${receiverPort}/`)).data;
    // Upstream first: once github-events has nothing pending no notification
    // can still be queued, and once notifications has none no delivery can.
    const drained = async () => {
      for (const queue of queues) if ((await pending(queue)) > 0) return false;
      return true;
    };

    console.log(
      `${DELIVERIES} deliveries for ${PULL_REQUESTS} pull requests (${DELIVERIES_PER_PULL_REQUEST} each), ${CONNECTIONS} connections; stages alone on ${SAMPLE_PULL_REQUESTS * DELIVERIES_PER_PULL_REQUEST} deliveries; Redis appendfsync always\n`,
    );
    const sample = burstDeliveries(REPOSITORY.sample, SAMPLE_PULL_REQUESTS, SECRET);
    const burst = burstDeliveries(REPOSITORY.burst, PULL_REQUESTS, SECRET);

    // Warm-up, end to end: JIT, connection pools, prepared statements.
    await postBurst(ingestPort, burstDeliveries(REPOSITORY.warmUp, 50, SECRET), CONNECTIONS);
    await until("the warm-up to drain", drained, PHASE_TIMEOUT_MS);

    // Each stage alone, on the sample: the ingest with the worker held ...
    // (Busy cores machine-wide show how much of the machine a stage alone leaves idle.)
    await events.pause();
    let cpu = startMachineCpu();
    const ingestAlone = await postBurst(ingestPort, sample, CONNECTIONS);
    const ingestRate = sample.length / ingestAlone.seconds;
    const ingestBusy = cpu.busyCores();
    // ... the worker with the notifier held ...
    await notifications.pause();
    const started = performance.now();
    cpu = startMachineCpu();
    await events.resume();
    await until("the worker alone", async () => (await pending(events)) === 0, PHASE_TIMEOUT_MS);
    const workerRate = sample.length / ((performance.now() - started) / 1000);
    const workerBusy = cpu.busyCores();
    // ... and the notifier (fan-out and delivery) on what the worker queued.
    const before = await receiver();
    const resumedAt = Date.now();
    cpu = startMachineCpu();
    await notifications.resume();
    await until("the notifier alone", drained, PHASE_TIMEOUT_MS);
    const notifierBusy = cpu.busyCores();
    const after = await receiver();
    const sampleNotifications = after.distinct - before.distinct;
    const notifierRate = sampleNotifications / ((after.lastAt - resumedAt) / 1000);
    const perDelivery = sampleNotifications / sample.length;
    const bound = 1 / (1 / ingestRate + 1 / workerRate + perDelivery / notifierRate);

    // The burst, end to end.
    const fromReceiver = await receiver();
    const watch = watchPeaks(redis, queues);
    cpu = startMachineCpu();
    const t0 = Date.now();
    let stateSeconds = Number.NaN;
    const stateFinal = until(
      "every pull request's final state",
      async () => (await finalPullRequests(db, REPOSITORY.burst)) === PULL_REQUESTS,
      PHASE_TIMEOUT_MS,
    ).then(
      () => {
        stateSeconds = (Date.now() - t0) / 1000;
      },
      async (error: unknown) => {
        throw new Error(`${String(error)}; stored: ${await describeStored(db, REPOSITORY.burst)}`);
      },
    );
    const posted = await postBurst(ingestPort, burst, CONNECTIONS);
    await stateFinal;
    await until("every notification", drained, PHASE_TIMEOUT_MS);
    const done = await receiver();
    const peaks = await watch.stop();
    const busy = cpu.busyCores();
    const doneSeconds = (done.lastAt - t0) / 1000;
    const burstNotifications = done.distinct - fromReceiver.distinct;
    const endToEnd = DELIVERIES / doneSeconds;
    const failed = await Promise.all(queues.map((queue) => queue.getFailedCount()));

    console.log(
      table(
        ["stage alone (same processes, same run)", "per s", "what", "busy cores"],
        [
          [
            "ingest (worker held)",
            Math.round(ingestRate),
            "deliveries answered",
            formatCores(ingestBusy),
          ],
          [
            "worker (notifier held)",
            Math.round(workerRate),
            "deliveries applied",
            formatCores(workerBusy),
          ],
          [
            "notifier (fan-out + POST)",
            Math.round(notifierRate),
            "notifications delivered",
            formatCores(notifierBusy),
          ],
          [
            "harmonic bound",
            Math.round(bound),
            `deliveries; ${perDelivery.toFixed(2)} notifications per delivery`,
            "",
          ],
        ],
      ),
    );
    console.log(
      `\nburst: answers ${JSON.stringify(posted.statuses)}, non-2xx ${posted.non2xx}, ack p50 ${posted.p50} ms, p99 ${posted.p99} ms, posted in ${posted.seconds.toFixed(1)} s (${Math.round(DELIVERIES / posted.seconds)}/s)`,
    );
    console.log(
      `every pull request final after ${stateSeconds.toFixed(1)} s; receiver had every notification (${burstNotifications}, ${done.requests - fromReceiver.requests} requests) after ${doneSeconds.toFixed(1)} s; failed jobs ${failed.join("/")} (github-events/notifications/deliveries)`,
    );
    console.log(
      `peak pending jobs: github-events ${peaks.depth[QUEUE_NAMES.githubEvents]}, notifications ${peaks.depth[QUEUE_NAMES.notifications]}, deliveries ${peaks.depth[QUEUE_NAMES.deliveries]}; peak Redis used_memory ${(peaks.redisMemory / 2 ** 20).toFixed(0)} MiB; ${describeBusy(busy)}`,
    );
    console.log(
      `end to end ${Math.round(endToEnd)} deliveries/s = ${ratio(endToEnd, bound)} of the harmonic bound\n`,
    );
    console.log(
      [
        check(`non-2xx answers: ${posted.non2xx}`, posted.non2xx === 0),
        check(
          `no failed jobs and every notification delivered once: ${failed.join("/")} failed, ${done.requests - fromReceiver.requests} requests for ${burstNotifications} notifications`,
          failed.every((count) => count === 0) &&
            done.requests - fromReceiver.requests === burstNotifications,
        ),
        check(
          `end to end ≥ 0.8 × harmonic bound: ${ratio(endToEnd, bound)}`,
          endToEnd >= 0.8 * bound,
        ),
      ].join("\n"),
    );
    await Promise.all(queues.map((queue) => queue.close()));
  } finally {
    for (const process of processes.reverse()) await process.stop();
    redis.disconnect();
    await state?.end();
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
