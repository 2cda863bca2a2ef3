// npm run soak -- [--minutes 10] [--rate 50] [--sample 20] [--window 60]
//
// A bounded soak: its own durable Redis (AOF, appendfsync always) and
// PostgreSQL, the ingest, worker and notifier as processes, the sweeper's
// retention on its schedule, every window short (retention of each kind and
// the dedupe windows: --window seconds), and a steady stream of signed
// deliveries for --minutes. Prints table sizes and Redis memory every
// --sample seconds, then whether each reached a plateau (its mean over the
// last third of the run less than 10% above its mean over the middle third). Everything listens on 127.0.0.1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Redis } from "ioredis";
import { Client } from "pg";
import { loadConfig } from "@hookline/config";
import { applyMigrations, MIGRATIONS_DIR } from "@hookline/db";
import { freePort, startPostgres, startRedis } from "@hookline/local-services";
import { createLogger, createRegistry } from "@hookline/observability";
import { SECRET } from "@hookline/test-utils";
import { startSweeper } from "../../../apps/sweeper/src/start-sweeper";
import { plateauOf } from "./plateau";
import { takeSample, TABLES, type Sample } from "./sample";
import { soakOptions } from "./soak-options";
import { startApp, startCountingReceiver, type AppProcess } from "./soak-services";
import { startSteadyStream } from "./steady-stream";

const MiB = 1024 * 1024;

function configYaml(receiverUrl: string, windowSeconds: number): string {
  const window = `${windowSeconds}s`;
  return `incoming:
  dedupe_ttl: ${window}
outgoing:
  allow_http_hosts: [127.0.0.1]
  allow_private_addresses: [127.0.0.1]
  allowed_ports: [1024-65535]
  channels:
    monitoring:
      url: ${receiverUrl}/monitoring
      events: ["pr.*"]
    audit:
      url: ${receiverUrl}/audit
      events: ["pr.*"]
      batch_size: 20
      flush_interval: 1s
retention:
  deliveries: ${window}
  attempts: ${window}
  redelivery_requests: ${window}
  history: ${window}
  audit: ${window}
  interval: ${Math.max(1, Math.round(windowSeconds / 4))}s
  batch_size: 1000
`;
}

function row(sample: Sample, sent: number, accepted: number, delivered: number): string {
  const cells = [
    `${sample.seconds}`.padStart(5),
    `${sent}`.padStart(7),
    `${accepted}`.padStart(7),
    `${delivered}`.padStart(9),
    ...TABLES.map((table) => `${sample.rows[table]}`.padStart(table.length)),
    (sample.tableBytes / MiB).toFixed(1).padStart(9),
    (sample.redisBytes / MiB).toFixed(1).padStart(9),
    `${sample.redisKeys}`.padStart(10),
  ];
  return cells.join("  ");
}

async function main(): Promise<void> {
  const options = soakOptions(process.argv.slice(2));
  const workDir = mkdtempSync(join(tmpdir(), "hookline-soak-"));
  const stops: Array<() => Promise<void>> = [];
  try {
    mkdirSync(join(workDir, "redis"));
    const redisServer = await startRedis({ dataDir: join(workDir, "redis"), appendOnly: true });
    stops.push(redisServer.stop);
    const postgres = await startPostgres({ dataDir: join(workDir, "pg") });
    stops.push(postgres.stop);
    const admin = new Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query("CREATE DATABASE soak");
    await admin.end();
    const databaseUrl = postgres.url.replace(/\/postgres$/, "/soak");
    await applyMigrations(databaseUrl, MIGRATIONS_DIR, {
      info: () => undefined,
      warn: () => undefined,
    });
    const receiver = await startCountingReceiver();
    stops.push(receiver.close);
    const configPath = join(workDir, "config.yaml");
    writeFileSync(configPath, configYaml(receiver.url, options.windowSeconds));

    const ingestPort = await freePort();
    const env = {
      PATH: process.env.PATH ?? "",
      CONFIG_PATH: configPath,
      REDIS_URL: redisServer.url,
      DATABASE_URL: databaseUrl,
      GITHUB_WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: "error",
      INGEST_HOST: "127.0.0.1",
      INGEST_PORT: String(ingestPort),
      WORKER_METRICS_HOST: "127.0.0.1",
      NOTIFIER_METRICS_HOST: "127.0.0.1",
    };
    const apps: AppProcess[] = [];
    stops.push(async () => {
      for (const app of apps.reverse()) await app.stop();
    });
    apps.push(await startApp("ingest", env, ingestPort));
    const workerPort = await freePort();
    apps.push(
      await startApp("worker", { ...env, WORKER_METRICS_PORT: String(workerPort) }, workerPort),
    );
    const notifierPort = await freePort();
    apps.push(
      await startApp(
        "notifier",
        { ...env, NOTIFIER_METRICS_PORT: String(notifierPort) },
        notifierPort,
      ),
    );
    // The sweeper through its own composition root, so its retention runs on
    // its schedule exactly as in the app. Loaded as a tool: the sweeper's
    // own check refuses a ledger window under GitHub's 3 days, on purpose.
    const sweeperConfig = loadConfig({ role: "tool", env });
    const sweeper = await startSweeper(sweeperConfig, {
      logger: createLogger({
        service: "soak-sweeper",
        level: "error",
        stream: new PassThrough().resume(),
      }),
      registry: createRegistry("sweeper"),
    });
    stops.push(() => sweeper.close());
    sweeper.schedule();

    const redis = new Redis(redisServer.url);
    stops.push(async () => void redis.disconnect());
    const pg = new Client({ connectionString: databaseUrl });
    await pg.connect();
    stops.push(() => pg.end());

    process.stdout.write(
      `soak: ${options.minutes} min at ${options.rate} deliveries/s, every window ${options.windowSeconds} s, ` +
        `sampled every ${options.sampleSeconds} s; Redis AOF appendfsync always\n\n`,
    );
    const header = [
      "    s",
      "   sent",
      "    202",
      "delivered",
      ...TABLES,
      "table MiB",
      "Redis MiB",
      "Redis keys",
    ].join("  ");
    process.stdout.write(`${header}\n`);
    const stream = startSteadyStream(`http://127.0.0.1:${ingestPort}`, options.rate);
    const samples: Sample[] = [];
    const started = Date.now();
    const end = started + options.minutes * 60_000;
    while (Date.now() < end) {
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(options.sampleSeconds * 1000, end - Date.now())),
      );
      const sample = await takeSample(pg, redis, Math.round((Date.now() - started) / 1000));
      samples.push(sample);
      process.stdout.write(
        `${row(sample, stream.counts.sent, stream.counts.answers.get(202) ?? 0, receiver.count())}\n`,
      );
    }
    await stream.stop();

    const verdicts = [
      ...(["webhook_deliveries", "pull_request_events", "delivery_attempts"] as const).map(
        (table) =>
          plateauOf(
            table,
            samples.map((sample) => sample.rows[table]),
          ),
      ),
      plateauOf(
        "Redis used_memory",
        samples.map((sample) => sample.redisBytes),
      ),
      plateauOf(
        "Redis keys",
        samples.map((sample) => sample.redisKeys),
      ),
    ];
    const refused = [...stream.counts.answers].filter(([status]) => status !== 202);
    process.stdout.write(
      `\nanswers: ${[...stream.counts.answers].map(([status, count]) => `${count} × ${status}`).join(", ")}` +
        `, ${stream.counts.errors} errors, ${stream.counts.skipped} skipped (over ${200} in flight)\n`,
    );
    for (const verdict of verdicts)
      process.stdout.write(
        `${verdict.plateau ? "PLATEAU" : "MISS   "} ${verdict.name}: mean ${Math.round(verdict.middle)} over the middle third, ` +
          `${Math.round(verdict.last)} over the last (${(verdict.growth * 100).toFixed(1)}%)\n`,
      );
    if (refused.length > 0 || stream.counts.errors > 0)
      process.stdout.write("MISS    some deliveries were not answered 202\n");
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
