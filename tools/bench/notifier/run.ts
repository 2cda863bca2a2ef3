// npm run bench:notifier — notifications pre-queued, delivered by one notifier
// process to a local keep-alive receiver (its own process), against the same
// receiver hit directly by an axios loop at the notifier's concurrency: the
// ceiling for any delivery path built on axios; and against the floor of the
// design itself, two BullMQ queues and axios with nothing else
// (two-queue-floor.ts), so the report separates what hookline's own code costs
// from what the shape costs. Each round also times a batching channel
// (batch_size 50) on the same notifier, and its floor: one BullMQ queue whose
// worker does nothing (one-queue-floor.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import axios from "axios";
import type { Queue } from "bullmq";
import { freePort } from "@hookline/local-services";
import {
  createQueue,
  createRedisConnection,
  publishNotifications,
  QUEUE_NAMES,
  redisReady,
  type NotificationJob,
} from "@hookline/queue";
import { benchOption } from "../support/bench-options";
import { startBenchProcess, type BenchProcess } from "../support/bench-process";
import { startBenchServices } from "../support/bench-services";
import { describeBusy, startMachineCpu } from "../support/machine-cpu";
import { check, median, ratio, table } from "../support/stats";
import { keepAliveClient } from "./keep-alive-client";
import { oneQueueFloor } from "./one-queue-floor";
import { twoQueueFloor } from "./two-queue-floor";

const COUNT = benchOption("deliveries", 4000);
const ROUNDS = benchOption("rounds", 3);
/** --profile <dir> writes a CPU profile of the notifier there. */
const PROFILE_DIR = benchOption("profile", undefined);
const CONCURRENCY = 20;
const BATCH_SIZE = 50;
const body = JSON.stringify({
  event_type: "pr.checks.failed",
  timestamp: new Date().toISOString(),
  priority: "high",
  data: { number: 1, repository: "octo/bench" },
});

const received = async (port: number) =>
  Number((await axios.get(`http://127.0.0.1:${port}/`)).data);

async function waitForCount(port: number, target: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  while ((await received(port)) < target) {
    if (Date.now() > deadline) throw new Error("deliveries did not finish");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The ceiling: the same number of POSTs from one process, CONCURRENCY in flight, one keep-alive pool. */
async function axiosLoop(port: number): Promise<number> {
  const client = keepAliveClient(CONCURRENCY);
  const url = `http://127.0.0.1:${port}/hook`;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < COUNT)
        await client.post(url, body, {
          headers: { "Content-Type": "application/json", "webhook-id": `m${next}` },
        });
    }),
  );
  return COUNT / ((performance.now() - started) / 1000);
}

/** COUNT notifications, as the worker publishes them, ids unique to `tag`. */
async function publishRound(
  queue: Queue<NotificationJob>,
  tag: string,
  eventType = "pr.checks.failed",
): Promise<void> {
  for (let i = 0; i < COUNT; i += 500) {
    await publishNotifications(
      queue,
      Array.from({ length: Math.min(500, COUNT - i) }, (_, j) => ({
        id: `${tag}-${i + j}`,
        event_type: eventType,
        priority: "high" as const,
        data: { number: i + j },
      })),
      "bench",
    );
  }
}

async function main(): Promise<void> {
  const services = await startBenchServices("notifier");
  const databaseUrl = await services.freshDatabase("bench_notifier");
  const receiverPort = await freePort();
  const receiver = await startBenchProcess("tools/bench/notifier/receiver.ts", {
    args: [String(receiverPort)],
    port: receiverPort,
  });
  const prefix = "{bench-notifier}";
  const configPath = join(services.workDir, "config.yaml");
  writeFileSync(
    configPath,
    `redis:\n  prefix: "${prefix}"\nnotifier:\n  concurrency: ${CONCURRENCY}\n  metrics_port: 0\noutgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n  channels:\n    monitoring:\n      url: http://127.0.0.1:${receiverPort}/hook\n      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n      events: ["pr.checks.*"]\n    audit:\n      url: http://127.0.0.1:${receiverPort}/batch\n      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n      events: ["pr.batched.*"]\n      batch_size: ${BATCH_SIZE}\n      flush_interval: 1s\n`,
  );
  const redis = createRedisConnection(services.redisUrl, "producer");
  await redisReady(redis);
  const queue = createQueue(QUEUE_NAMES.notifications, {
    connection: redis,
    prefix,
  });
  const ceiling: number[] = [];
  const floor: number[] = [];
  const hookline: number[] = [];
  const batching: number[] = [];
  const oneQueue: number[] = [];
  let notifier: BenchProcess | undefined;
  try {
    console.log(
      `${COUNT} notifications per round, one channel, concurrency ${CONCURRENCY}, ${ROUNDS} rounds\n`,
    );
    await axiosLoop(receiverPort); // warm-up
    // One notifier for all rounds, warmed up first like the other two paths
    // (JIT, connections); between rounds its queue is paused while the next
    // round is published, so each round times a full queue being drained.
    notifier = await startBenchProcess("apps/notifier/src/main.ts", {
      env: {
        CONFIG_PATH: configPath,
        REDIS_URL: services.redisUrl,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: "warn",
      },
      nodeArgs: PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    });
    const warmFrom = await received(receiverPort);
    await publishRound(queue, "warm-up");
    await waitForCount(receiverPort, warmFrom + COUNT);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const ceilingCpu = startMachineCpu();
      ceiling.push(await axiosLoop(receiverPort));
      const ceilingBusy = ceilingCpu.busyCores();
      const floorCpu = startMachineCpu();
      floor.push(
        await twoQueueFloor({
          redisUrl: services.redisUrl,
          prefix: `{bench-floor-${round}}`,
          url: `http://127.0.0.1:${receiverPort}/hook`,
          body,
          concurrency: CONCURRENCY,
          count: COUNT,
          publish: (floorQueue) => publishRound(floorQueue, `floor${round}`),
        }),
      );
      const floorBusy = floorCpu.busyCores();
      await queue.pause();
      await publishRound(queue, `r${round}`);
      const before = await received(receiverPort);
      const notifierCpu = startMachineCpu();
      const started = performance.now();
      await queue.resume();
      await waitForCount(receiverPort, before + COUNT);
      hookline.push(COUNT / ((performance.now() - started) / 1000));
      const notifierBusy = notifierCpu.busyCores();
      const oneQueueCpu = startMachineCpu();
      oneQueue.push(
        await oneQueueFloor({
          redisUrl: services.redisUrl,
          prefix: `{bench-one-queue-${round}}`,
          concurrency: CONCURRENCY,
          count: COUNT,
          publish: (floorQueue) => publishRound(floorQueue, `one${round}`),
        }),
      );
      const oneQueueBusy = oneQueueCpu.busyCores();
      // The same notifier, a channel with batch_size 50: notifications/s that reach the receiver.
      await queue.pause();
      await publishRound(queue, `b${round}`, "pr.batched.ready");
      const batchFrom = await received(receiverPort);
      const batchCpu = startMachineCpu();
      const batchStarted = performance.now();
      await queue.resume();
      await waitForCount(receiverPort, batchFrom + COUNT);
      batching.push(COUNT / ((performance.now() - batchStarted) / 1000));
      const batchBusy = batchCpu.busyCores();
      console.log(
        `round ${round}: axios loop ${Math.round(ceiling.at(-1)!)}/s (${describeBusy(ceilingBusy)}), two-queue floor ${Math.round(floor.at(-1)!)}/s (${describeBusy(floorBusy)}), notifier ${Math.round(hookline.at(-1)!)}/s (${describeBusy(notifierBusy)}), batching ${Math.round(batching.at(-1)!)} notifications/s (${describeBusy(batchBusy)}), one-queue floor ${Math.round(oneQueue.at(-1)!)}/s (${describeBusy(oneQueueBusy)})`,
      );
    }
    const [raw, bare, ours, batched, noop] = [
      median(ceiling),
      median(floor),
      median(hookline),
      median(batching),
      median(oneQueue),
    ];
    console.log(
      `\n${table(
        ["path", "deliveries/s (median)", "vs ceiling", "vs floor"],
        [
          ["axios loop, same receiver (ceiling)", Math.round(raw), "1.00×", ""],
          ["two BullMQ queues + axios, nothing else", Math.round(bare), ratio(bare, raw), "1.00×"],
          ["hookline notifier, 1 process", Math.round(ours), ratio(ours, raw), ratio(ours, bare)],
          [
            `same, batching channel (batch_size ${BATCH_SIZE}), notifications/s`,
            Math.round(batched),
            ratio(batched, raw),
            ratio(batched, bare),
          ],
          [
            "one BullMQ queue, worker doing nothing (batching's floor)",
            Math.round(noop),
            ratio(noop, raw),
            ratio(noop, bare),
          ],
        ],
      )}\n`,
    );
    console.log(check(`notifier ≥ 0.7 × axios loop: ${ratio(ours, raw)}`, ours >= 0.7 * raw));
    console.log(
      check(`notifier ≥ 0.9 × two-queue floor: ${ratio(ours, bare)}`, ours >= 0.9 * bare),
    );
    console.log(
      check(
        `batching channel ≥ 5 × the notifications/s of a non-batching one: ${ratio(batched, ours)}`,
        batched >= 5 * ours,
      ),
    );
    console.log(
      `      (a batching channel still takes one notifications job per notification: a worker doing nothing does ${ratio(noop, ours)} of the non-batching notifier, the batching channel ${ratio(batched, noop)} of that worker)`,
    );
  } finally {
    await notifier?.stop();
    await queue.close();
    redis.disconnect();
    await receiver.stop();
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
