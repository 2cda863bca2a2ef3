// npm run bench:ingest — the ingest against three peers, side by side in one
// run on one Redis with the durability hookline ships (AOF, `appendfsync
// always`: a 202 survives an OS crash): (a) naive Express + HMAC + queue.add,
// (b) the @octokit/webhooks Node middleware with queue.add, (c) Express
// routing with nothing else; and the same hookline process with `appendfsync
// everysec`, so the cost of durability is measured in the same rounds.
// autocannon, 50 connections, a signed ~8 KB pull_request payload, each
// request a delivery of its own (its own body and delivery id: one body under
// two ids is one delivery to hookline); several rounds, medians. Then a
// fixed-rate run (1,000 req/s offered) for hookline and (b): the latency
// GitHub sees on an ordinary day.
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { freePort, startRedis } from "@hookline/local-services";
import { pullRequestPayload } from "../github-payloads";
import { startBenchProcess, type BenchProcess } from "../support/bench-process";
import { benchOption } from "../support/bench-options";
import { describeBusy, formatCores, startMachineCpu } from "../support/machine-cpu";
import { check, median, ratio, table } from "../support/stats";

const ROUNDS = benchOption("rounds", 3);
const SECONDS = benchOption("seconds", 10);
const CONNECTIONS = 50;
const FIXED_RATE = benchOption("rate", 1000);
/** --profile <dir> writes a CPU profile of the hookline ingest process there. */
const PROFILE_DIR = benchOption("profile", undefined);
const SECRET = "bench-secret";

/** Redis's AOF fsync policy (https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/). */
type Fsync = "always" | "everysec";
/** What hookline ships: Redis fsyncs before it answers, so a 202 survives an OS crash. */
const SHIPPED_FSYNC: Fsync = "always";

interface Contender {
  key: "hookline" | "hookline-everysec" | "naive" | "octokit" | "ceiling";
  label: string;
  entry: string;
  queues: boolean;
  /** Redis's fsync policy while this contender is loaded. */
  fsync: Fsync;
  /** Measured on another contender's process (same server, other Redis setting). */
  processOf?: Contender["key"];
}

const CONTENDERS: Contender[] = [
  {
    key: "hookline",
    label: "hookline ingest",
    entry: "apps/ingest/src/main.ts",
    queues: true,
    fsync: SHIPPED_FSYNC,
  },
  {
    key: "hookline-everysec",
    label: "hookline ingest, appendfsync everysec",
    entry: "apps/ingest/src/main.ts",
    queues: true,
    fsync: "everysec",
    processOf: "hookline",
  },
  {
    key: "naive",
    label: "(a) express.raw + HMAC + queue.add",
    entry: "tools/bench/ingest/servers/naive-express.ts",
    queues: true,
    fsync: SHIPPED_FSYNC,
  },
  {
    key: "octokit",
    label: "(b) @octokit/webhooks middleware + queue.add",
    entry: "tools/bench/ingest/servers/octokit-middleware.mts",
    queues: true,
    fsync: SHIPPED_FSYNC,
  },
  {
    key: "ceiling",
    label: "(c) Express routing only",
    entry: "tools/bench/ingest/servers/express-ceiling.ts",
    queues: false,
    fsync: SHIPPED_FSYNC,
  },
];

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  accepted: number;
  queued: number;
  errors: number;
  /** Busy cores machine-wide during the load (server, autocannon and Redis together). */
  busyCores: number;
}

interface FixedRateSample {
  p50: number;
  p99: number;
  rps: number;
}

/**
 * The body of delivery `n`: the payload with a nonce just before its closing
 * brace, so every request is a delivery of its own, as GitHub's are.
 */
function deliveryBody(template: string, nonce: string): string {
  return `${template.slice(0, -1)},"bench_nonce":"${nonce}"}`;
}

/** autocannon against one server: as fast as it answers, or at `overallRate` req/s in all. */
async function load(
  port: number,
  template: string,
  seconds: number,
  overallRate?: number,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: "POST",
        path: "/webhooks/github",
        headers: { "content-type": "application/json", "x-github-event": "pull_request" },
        setupRequest: (request) => {
          const delivery = randomUUID();
          const body = deliveryBody(template, delivery);
          const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
          return {
            ...request,
            body,
            headers: {
              ...request.headers,
              "x-github-delivery": delivery,
              "x-hub-signature-256": signature,
            },
          };
        },
      },
    ],
  });
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), "hookline-bench-"));
  const redisServer = await startRedis({ dataDir: workDir, appendOnly: true });
  const redis = new Redis(redisServer.url);
  const setFsync = (fsync: Fsync) => redis.config("SET", "appendfsync", fsync);
  const body = JSON.stringify(pullRequestPayload());
  const configPath = join(workDir, "config.yaml");
  const processes = new Map<string, { process: BenchProcess; port: number; prefix: string }>();
  const samples = new Map<string, Sample[]>(CONTENDERS.map((contender) => [contender.key, []]));

  try {
    await setFsync(SHIPPED_FSYNC);
    for (const contender of CONTENDERS) {
      if (contender.processOf) continue;
      const port = await freePort();
      const prefix = `{bench-${contender.key}}`;
      // The hookline ingest is configured like in production; the peers take
      // port, Redis URL, secret and key prefix on their command line.
      const env = {
        INGEST_PORT: String(port),
        GITHUB_WEBHOOK_SECRET: SECRET,
        CONFIG_PATH: configPath,
        LOG_LEVEL: "warn",
      };
      const args = [String(port), redisServer.url, SECRET, prefix];
      const isHookline = contender.key === "hookline";
      // The shipped defaults, rate limit included: it counts refused requests only.
      if (isHookline)
        writeFileSync(configPath, `redis:\n  url: ${redisServer.url}\n  prefix: "${prefix}"\n`);
      processes.set(contender.key, {
        process: await startBenchProcess(contender.entry, {
          env,
          args,
          port,
          nodeArgs:
            isHookline && PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [],
        }),
        port,
        prefix,
      });
      await load(port, body, 2); // warm-up: JIT, connection pools
    }
    for (const contender of CONTENDERS)
      if (contender.processOf) processes.set(contender.key, processes.get(contender.processOf)!);
    console.log(
      `payload ${body.length} bytes (+ a nonce per delivery), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, Redis AOF appendfsync ${SHIPPED_FSYNC} unless named\n`,
    );
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Each round starts with a different server, so a drift in the
      // machine's speed during a round does not always favour the same one.
      const shift = (round - 1) % CONTENDERS.length;
      for (const contender of [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)]) {
        const { port, prefix } = processes.get(contender.key)!;
        await redis.flushall();
        await setFsync(contender.fsync);
        const cpu = startMachineCpu();
        const result = await load(port, body, SECONDS);
        const busyCores = cpu.busyCores() ?? Number.NaN;
        const queue = new Queue("github-events", { connection: redis, prefix });
        const queued = contender.queues ? await queue.count() : 0;
        await queue.close();
        await setFsync(SHIPPED_FSYNC);
        const sample = {
          rps: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          accepted: result["2xx"],
          queued,
          errors: result.non2xx + result.errors + result.timeouts,
          busyCores,
        };
        samples.get(contender.key)!.push(sample);
        console.log(
          `round ${round} ${contender.label}: ${Math.round(sample.rps)} req/s, p99 ${sample.p99} ms, 2xx ${sample.accepted}, queued ${sample.queued}, errors ${sample.errors}, ${describeBusy(sample.busyCores)}`,
        );
      }
    }
    const fixed = new Map<string, FixedRateSample[]>([
      ["hookline", []],
      ["octokit", []],
    ]);
    for (let round = 1; round <= ROUNDS; round += 1) {
      const order = round % 2 ? ["hookline", "octokit"] : ["octokit", "hookline"];
      for (const key of order) {
        await redis.flushall();
        const result = await load(processes.get(key)!.port, body, SECONDS, FIXED_RATE);
        const sample = {
          p50: result.latency.p50,
          p99: result.latency.p99,
          rps: result.requests.average,
        };
        fixed.get(key)!.push(sample);
        console.log(
          `fixed ${FIXED_RATE} req/s, round ${round} ${key}: p50 ${sample.p50} ms, p99 ${sample.p99} ms, answered ${Math.round(sample.rps)} req/s, non-2xx ${result.non2xx + result.errors}`,
        );
      }
    }
    report(samples, processes, fixed);
  } finally {
    for (const { process } of processes.values()) await process.stop();
    redis.disconnect();
    await redisServer.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function report(
  samples: Map<string, Sample[]>,
  processes: Map<string, { process: BenchProcess }>,
  fixed: Map<string, FixedRateSample[]>,
): void {
  const medianOf = (key: string, pick: (sample: Sample) => number) =>
    median(samples.get(key)!.map(pick));
  const rps = (key: string) => medianOf(key, (sample) => sample.rps);
  const rows = CONTENDERS.map((contender) => [
    contender.label,
    Math.round(rps(contender.key)),
    medianOf(contender.key, (sample) => sample.p50),
    medianOf(contender.key, (sample) => sample.p99),
    processes.get(contender.key)!.process.peakRssMiB(),
    formatCores(medianOf(contender.key, (sample) => sample.busyCores)),
    ratio(rps("hookline"), rps(contender.key)),
  ]);
  console.log(
    `\n${table(["server", "req/s (median)", "p50 ms", "p99 ms", "peak RSS MiB", "busy cores", "hookline ÷ this"], rows)}\n`,
  );
  const fixedOf = (key: string, pick: (sample: FixedRateSample) => number) =>
    median(fixed.get(key)!.map(pick));
  console.log(
    `${table(
      [`offered ${FIXED_RATE} req/s`, "p50 ms", "p99 ms", "answered req/s"],
      ["hookline", "octokit"].map((key) => [
        key === "hookline" ? "hookline ingest" : "(b) @octokit/webhooks + queue.add",
        fixedOf(key, (sample) => sample.p50),
        fixedOf(key, (sample) => sample.p99),
        Math.round(fixedOf(key, (sample) => sample.rps)),
      ]),
    )}\n`,
  );
  const hooklineSamples = samples.get("hookline")!;
  const p99 = (key: string) => medianOf(key, (sample) => sample.p99);
  const perRound = (key: string) =>
    samples
      .get(key)!
      .map((sample, index) => ratio(sample.rps, samples.get("octokit")![index]!.rps))
      .join(", ");
  console.log(
    [
      `hookline ÷ (b) per round: ${perRound("hookline")}`,
      `durability cost, hookline on the same Redis: appendfsync everysec ${Math.round(rps("hookline-everysec"))} req/s, p99 ${p99("hookline-everysec")} ms; always ${Math.round(rps("hookline"))} req/s, p99 ${p99("hookline")} ms (always ÷ everysec: ${ratio(rps("hookline"), rps("hookline-everysec"))} req/s)`,
      "",
    ].join("\n"),
  );
  // Jobs may exceed the counted 2xx by the requests still in flight when
  // autocannon stopped counting (at most one per connection), never fall short.
  const everyAcceptIsQueued = hooklineSamples.every(
    (sample) =>
      sample.queued >= sample.accepted &&
      sample.queued - sample.accepted <= CONNECTIONS &&
      sample.errors === 0,
  );
  console.log(
    [
      check(
        `hookline ≥ 1.5 × (a): ${ratio(rps("hookline"), rps("naive"))}`,
        rps("hookline") >= 1.5 * rps("naive"),
      ),
      check(
        `hookline ≥ 1.2 × (b): ${ratio(rps("hookline"), rps("octokit"))}`,
        rps("hookline") >= 1.2 * rps("octokit"),
      ),
      check(
        `hookline p99 ≤ (b)'s p99 under full load: ${p99("hookline")} vs ${p99("octokit")} ms`,
        p99("hookline") <= p99("octokit"),
      ),
      check(
        `hookline p99 ≤ (b)'s p99 at ${FIXED_RATE} req/s: ${fixedOf("hookline", (sample) => sample.p99)} vs ${fixedOf("octokit", (sample) => sample.p99)} ms`,
        fixedOf("hookline", (sample) => sample.p99) <= fixedOf("octokit", (sample) => sample.p99),
      ),
      check(
        `hookline ≥ 0.8 × (c): ${ratio(rps("hookline"), rps("ceiling"))}`,
        rps("hookline") >= 0.8 * rps("ceiling"),
      ),
      check(
        `hookline p99 ≤ 20 ms: ${medianOf("hookline", (sample) => sample.p99)} ms`,
        medianOf("hookline", (sample) => sample.p99) <= 20,
      ),
      check(
        `every hookline 202 is a job in Redis (2xx/jobs: ${hooklineSamples.map((sample) => `${sample.accepted}/${sample.queued}`).join(", ")})`,
        everyAcceptIsQueued,
      ),
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
