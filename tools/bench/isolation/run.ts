// npm run bench:isolation — issue 18's benchmark. Five healthy channels
// alone, then the same five beside one hostile receiver of each kind (slow
// body, black hole, 503 + Retry-After: 1 forever, 429 storm, redirect to a
// private address), in one run, on one notifier process with the shipped
// defaults (concurrency 20, so max_in_flight 10 per channel; circuit
// breaker; channel timeout 2 s). Each run publishes the same healthy burst
// and times it until the last delivery arrives; in the second, a burst of
// hostile notifications is queued first (ahead of the healthy ones) and more
// keep coming during the run. Prints healthy deliveries/s, p50/p99 latency
// (publish to receipt), Redis memory and delivery_attempts rows before and
// after, and PASS/MISS against the targets (≥ 0.9× throughput, ≤ 2× p99).
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { Client } from "pg";
import {
  createQueue,
  createRedisConnection,
  publishNotifications,
  QUEUE_NAMES,
  redisReady,
  type NotificationJob,
} from "@hookline/queue";
import { startHostileReceiver, type HostileReceiver } from "@hookline/test-utils";
import { benchOption } from "../support/bench-options";
import { startBenchProcess } from "../support/bench-process";
import { startBenchServices } from "../support/bench-services";
import { describeBusy, startMachineCpu } from "../support/machine-cpu";
import { check, median, ratio, table } from "../support/stats";
import { startLatencyReceiver } from "./latency-receiver";

/** A signing key of its own per channel (whsec_ + 32 bytes): hookline refuses one key for two receivers. */
function channelSecret(name: string): string {
  return `whsec_${createHash("sha256").update(`bench-isolation:${name}`).digest("base64")}`;
}

const NOTIFICATIONS = benchOption("notifications", 1000);
const HEALTHY = ["h1", "h2", "h3", "h4", "h5"];
const ROUNDS = benchOption("rounds", 3);
/** Hostile notifications queued per hostile channel before the healthy burst, and per second during it. */
const HOSTILE_BURST = benchOption("hostile", 20);
const HOSTILE_PER_SECOND = benchOption("hostile-rate", 5);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function publish(
  queue: Queue<NotificationJob>,
  eventType: string,
  count: number,
  tag: string,
) {
  for (let i = 0; i < count; i += 500) {
    const now = Date.now();
    await publishNotifications(
      queue,
      Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
        id: `${tag}-${i + j}`,
        event_type: eventType,
        priority: "high" as const,
        data: { number: i + j, sent_at: now },
      })),
      "bench",
    );
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

async function main(): Promise<void> {
  const services = await startBenchServices("isolation");
  const databaseUrl = await services.freshDatabase("bench_isolation");
  const healthy = await startLatencyReceiver();
  const hostile: Record<string, HostileReceiver> = {
    slow_body: await startHostileReceiver({ kind: "slow-body", status: 200, intervalMs: 1000 }),
    black_hole: await startHostileReceiver({ kind: "black-hole" }),
    unavailable: await startHostileReceiver({
      kind: "throttle",
      status: 503,
      retryAfterSeconds: 1,
    }),
    throttling: await startHostileReceiver({ kind: "throttle", status: 429, retryAfterSeconds: 1 }),
    redirect: await startHostileReceiver({ kind: "redirect", location: "http://10.0.0.1/hook" }),
  };
  const prefix = "{bench-isolation}";
  const configPath = join(services.workDir, "config.yaml");
  const channel = (name: string, url: string, events: string) =>
    `    ${name}:\n      url: ${url}\n      secret: ${channelSecret(name)}\n      events: ["${events}"]\n      timeout: 2s\n`;
  writeFileSync(
    configPath,
    `redis:\n  prefix: "${prefix}"\nnotifier:\n  metrics_port: 0\noutgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n  channels:\n` +
      HEALTHY.map((name) => channel(name, `${healthy.url}/${name}`, "pr.healthy.*")).join("") +
      Object.entries(hostile)
        .map(([name, receiver]) => channel(name, receiver.url, `pr.${name}.*`))
        .join(""),
  );
  const redis = createRedisConnection(services.redisUrl, "producer");
  await redisReady(redis);
  const queue = createQueue(QUEUE_NAMES.notifications, { connection: redis, prefix });
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  const attemptRows = async () =>
    Number((await pg.query("SELECT count(*) AS n FROM delivery_attempts")).rows[0].n);
  const notifier = await startBenchProcess("apps/notifier/src/main.ts", {
    env: {
      CONFIG_PATH: configPath,
      REDIS_URL: services.redisUrl,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "error",
    },
  });
  const expected = NOTIFICATIONS * HEALTHY.length;
  const timeRun = async (tag: string) => {
    healthy.reset();
    const cpu = startMachineCpu();
    const started = performance.now();
    await publish(queue, "pr.healthy.event", NOTIFICATIONS, tag);
    const deadline = Date.now() + 300_000;
    while (healthy.received() < expected) {
      if (Date.now() > deadline) throw new Error(`${tag}: healthy deliveries did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      rate: expected / seconds,
      p50: percentile(healthy.latencies(), 50),
      p99: percentile(healthy.latencies(), 99),
      busy: cpu.busyCores(),
    };
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the notifier registers and warms up
    await timeRun("warm-up");
    const memoryBefore = await usedMemory(redis);
    const rowsBefore = await attemptRows();
    let hostileTag = 0;
    const publishHostile = async (count: number) => {
      hostileTag += 1;
      await Promise.all(
        Object.keys(hostile).map((name) =>
          publish(queue, `pr.${name}.event`, count, `${name}-${hostileTag}`),
        ),
      );
    };
    let runs = 0;
    const runAlone = () => timeRun(`alone-${(runs += 1)}`);
    const runBeside = async () => {
      // Hostile notifications first, so their deliveries are ahead of the healthy ones in the queue.
      await publishHostile(HOSTILE_BURST);
      const trickle = setInterval(() => void publishHostile(HOSTILE_PER_SECOND), 1000);
      try {
        return await timeRun(`beside-${(runs += 1)}`);
      } finally {
        clearInterval(trickle);
      }
    };
    // Alternating which goes first, so a drift in the machine's speed favours neither.
    const alones: Awaited<ReturnType<typeof timeRun>>[] = [];
    const besides: Awaited<ReturnType<typeof timeRun>>[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      if (round % 2 === 1) {
        alones.push(await runAlone());
        besides.push(await runBeside());
      } else {
        besides.push(await runBeside());
        alones.push(await runAlone());
      }
      console.log(
        `round ${round}: alone ${Math.round(alones.at(-1)!.rate)}/s p99 ${alones.at(-1)!.p99} ms; beside ${Math.round(besides.at(-1)!.rate)}/s p99 ${besides.at(-1)!.p99} ms`,
      );
    }
    const mid = (runs: typeof alones) => ({
      rate: median(runs.map((run) => run.rate)),
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
      busy: median(runs.map((run) => run.busy ?? 0)),
    });
    const alone = mid(alones);
    const beside = mid(besides);
    const memoryAfter = await usedMemory(redis);
    const rowsAfter = await attemptRows();
    const hostileRequests = Object.fromEntries(
      Object.entries(hostile).map(([name, receiver]) => [name, receiver.count()]),
    );

    console.log(
      `\n${NOTIFICATIONS} notifications × ${HEALTHY.length} healthy channels per run; ${HOSTILE_BURST} hostile notifications per hostile channel queued ahead, ${HOSTILE_PER_SECOND}/s each during the run\n`,
    );
    console.log(
      table(
        ["healthy channels (medians)", "deliveries/s", "p50 ms", "p99 ms", "cores busy"],
        [
          ["alone", Math.round(alone.rate), alone.p50, alone.p99, describeBusy(alone.busy)],
          [
            "beside 5 hostile receivers",
            Math.round(beside.rate),
            beside.p50,
            beside.p99,
            describeBusy(beside.busy),
          ],
        ],
      ),
    );
    const hostileMessages =
      Object.keys(hostile).length * ROUNDS * (HOSTILE_BURST + HOSTILE_PER_SECOND * 60);
    console.log(
      `\nRedis used_memory ${(memoryBefore / 1048576).toFixed(1)} → ${(memoryAfter / 1048576).toFixed(1)} MiB; delivery_attempts rows ${rowsBefore} → ${rowsAfter} (+${rowsAfter - rowsBefore}: ${expected * ROUNDS * 2} healthy deliveries and the hostile tries)`,
    );
    console.log(
      `requests that reached each hostile receiver: ${JSON.stringify(hostileRequests)}\n`,
    );
    console.log(
      check(
        `healthy throughput beside hostile receivers ≥ 0.9 × alone: ${ratio(beside.rate, alone.rate)}`,
        beside.rate >= 0.9 * alone.rate,
      ),
    );
    console.log(
      check(
        `healthy p99 beside hostile receivers ≤ 2 × alone: ${beside.p99} vs ${alone.p99} ms (${ratio(beside.p99, alone.p99)})`,
        beside.p99 <= 2 * alone.p99,
      ),
    );
    const hostileRows = rowsAfter - rowsBefore - expected * ROUNDS * 2;
    console.log(
      check(
        `hostile attempt rows bounded: ${hostileRows} for at most ${hostileMessages} hostile messages`,
        hostileRows <= hostileMessages,
      ),
    );
  } finally {
    await notifier.stop();
    await queue.close();
    redis.disconnect();
    await pg.end();
    await healthy.close();
    await Promise.all(Object.values(hostile).map((receiver) => receiver.close()));
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
