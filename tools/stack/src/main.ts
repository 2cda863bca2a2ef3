// `npm start`: the whole stack on one machine. Starts redis-server (AOF on,
// fsynced before every answer, noeviction) and PostgreSQL with their data under .hookline/ unless
// REDIS_URL / DATABASE_URL point elsewhere, applies migrations, then runs
// every app as its own process and stops it all on Ctrl-C / SIGTERM.
// Before anything starts, the configuration is checked as every app reads it
// and every port an app binds is tried: a bad configuration starts nothing.
// `--compiled` runs the build's output (apps/<app>/dist/main.js, `npm run
// build` first) with plain node instead of the TypeScript through tsx.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localStackEnv, REPO_ROOT } from "@hookline/config";
import { startAppProcess, type AppProcess } from "./app-process";
import { preflight } from "./preflight";
import { applyMigrations, databaseUrl, MIGRATIONS_DIR } from "@hookline/db";
import { startPostgres, startRedis } from "@hookline/local-services";
import { Client } from "pg";

const ROOT = REPO_ROOT;
const STATE = join(ROOT, ".hookline", "local");
const COMPILED = process.argv.includes("--compiled");
const APPS = [
  { name: "ingest", replicasVar: undefined },
  { name: "worker", replicasVar: "WORKER_REPLICAS" },
  { name: "notifier", replicasVar: "NOTIFIER_REPLICAS" },
  { name: "dashboard", replicasVar: undefined },
  // Sweeps the GitHub hooks in config (github.hooks); with none it only idles.
  { name: "sweeper", replicasVar: "SWEEPER_REPLICAS" },
] as const;

/** The process command of one app: its compiled bundle, or its main.ts through tsx. */
function appCommand(name: string): { entry: string; args: string[] } {
  if (COMPILED) {
    const entry = `apps/${name}/dist/main.js`;
    return { entry, args: [entry] };
  }
  const entry = `apps/${name}/src/main.ts`;
  return { entry, args: ["--import", "tsx", entry] };
}

const log = (message: string) => process.stderr.write(`[start] ${message}\n`);

// A local stack needs a GitHub secret; make one once and keep it in a file
// (never printed), so `curl` examples in the README can read it.
function developmentSecret(): string {
  const file = join(STATE, "github-webhook-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return databaseUrl(maintenanceUrl, name);
}

/** The port of a local server: its LOCAL_*_PORT variable, else the default; throws on anything but a port. */
function localPort(env: Record<string, string | undefined>, variable: string, fallback: number) {
  const value = env[variable];
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${variable} must be a port number (1-65535), not "${value}"`);
  return port;
}

// Servers and apps started so far, stopped in reverse order on any way out,
// a failed start and a Ctrl-C during the start included: nothing outlives `npm start`.
const stops: Array<() => Promise<void>> = [];
const children: AppProcess[] = [];
let stopping = false;
// The server being started, if any: a stop waits for it, then stops it too.
let starting: Promise<unknown> = Promise.resolve();

/** Starts a server as one step of the start; a signal meanwhile stops it once it is up. */
async function startServer<T extends { stop: () => Promise<void> }>(start: Promise<T>): Promise<T> {
  starting = start.catch(() => undefined);
  const server = await start;
  stops.push(server.stop);
  return server;
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(
    children.length > 0
      ? "stopping apps (each drains within shutdown_timeout)"
      : "stopping during the start",
  );
  await Promise.all(
    children.map(({ child, closed }) => {
      // One SIGTERM each. A terminal's Ctrl-C also reached them (same process
      // group); the apps treat signals that close together as one stop.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return closed;
    }),
  );
  await starting;
  for (const stopService of stops.reverse()) await stopService();
  log("stopped");
  process.exit(code);
}

let firstSignalAt: number | undefined;
function onSignal(): void {
  if (firstSignalAt === undefined) {
    firstSignalAt = Date.now();
    void stop(0);
  } else if (Date.now() - firstSignalAt > 1000) {
    // A deliberate second Ctrl-C: the apps cut their drain short too.
    log("second signal: stopping apps without waiting for their drain");
    for (const { child } of children) child.kill("SIGINT");
  }
}

async function main(): Promise<void> {
  // From the first moment: a Ctrl-C while Redis, PostgreSQL or the migrations
  // start stops what is up instead of leaving it running in its own process group.
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  mkdirSync(STATE, { recursive: true });
  chmodSync(join(ROOT, ".hookline"), 0o755);
  chmodSync(STATE, 0o755);
  const env = localStackEnv(process.env, developmentSecret);
  const redisPort = localPort(env, "LOCAL_REDIS_PORT", 6379);
  const postgresPort = localPort(env, "LOCAL_POSTGRES_PORT", 5432);
  const localServices = [
    ...(env.REDIS_URL
      ? []
      : [
          {
            name: "redis-server",
            port: redisPort,
            urlVariable: "REDIS_URL",
            portVariable: "LOCAL_REDIS_PORT",
          },
        ]),
    ...(env.DATABASE_URL
      ? []
      : [
          {
            name: "postgres",
            port: postgresPort,
            urlVariable: "DATABASE_URL",
            portVariable: "LOCAL_POSTGRES_PORT",
          },
        ]),
  ];
  const { problems, file } = await preflight(env, process.cwd(), log, localServices);
  if (problems.length > 0) {
    log(
      `not starting: ${problems.length} problem${problems.length === 1 ? "" : "s"} (check with npm run config -- check)\n` +
        problems.map((problem) => `  - ${problem}`).join("\n"),
    );
    process.exit(1);
  }
  // The apps run from the repository root: name the file the check read, wherever it was.
  if (file.kind !== "none") env.CONFIG_PATH = file.path;

  if (!env.REDIS_URL) {
    mkdirSync(join(STATE, "redis"), { recursive: true });
    const redis = await startServer(
      startRedis({
        dataDir: join(STATE, "redis"),
        port: redisPort,
        appendOnly: true,
        // A 202 survives an OS crash: see docs/production.md, "Durability".
        appendFsync: "always",
        searchPath: env.PATH,
        ownProcessGroup: true,
      }),
    );
    if (stopping) return;
    env.REDIS_URL = redis.url;
    log(`redis-server on ${redis.url} (AOF, appendfsync always, in .hookline/local/redis)`);
  }
  if (!env.DATABASE_URL) {
    const postgres = await startServer(
      startPostgres({
        dataDir: join(STATE, "postgres"),
        port: postgresPort,
        searchPath: env.PATH,
        ownProcessGroup: true,
      }),
    );
    if (stopping) return;
    env.DATABASE_URL = await ensureDatabase(postgres.url, "hookline");
    log(`postgres on 127.0.0.1:${postgres.port} (data in .hookline/local/postgres)`);
  }
  const { applied } = await applyMigrations(env.DATABASE_URL, MIGRATIONS_DIR, {
    info: () => undefined,
    warn: log,
  });
  log(
    applied.length ? `migrations applied: ${applied.join(", ")}` : "database schema is up to date",
  );
  if (stopping) return;
  // Replicas on one host cannot share a metrics port: extra ones take a free one.
  const replicaEnv = (replica: number) =>
    replica === 0
      ? env
      : { ...env, WORKER_METRICS_PORT: "0", NOTIFIER_METRICS_PORT: "0", SWEEPER_METRICS_PORT: "0" };

  for (const app of APPS) {
    const command = appCommand(app.name);
    if (!existsSync(join(ROOT, command.entry))) {
      if (COMPILED) throw new Error(`${command.entry} is missing: run npm run build first`);
      continue;
    }
    const replicas = Number((app.replicasVar && env[app.replicasVar]) || 1);
    for (let replica = 0; replica < replicas; replica += 1) {
      const label = `${app.name}${replicas > 1 ? ` #${replica + 1}` : ""}`;
      const started = startAppProcess(label, command.args, { cwd: ROOT, env: replicaEnv(replica) });
      children.push(started);
      log(`${label} started (pid ${started.child.pid})`);
    }
  }

  for (const app of children) {
    // "close", not "exit": its output is read to the end, so its last words are there.
    app.child.once("close", (code, signal) => {
      if (stopping) return;
      const reason = app.lastWords();
      log(
        `${app.label} (pid ${app.child.pid}) exited ${signal ? `on ${signal}` : `with code ${code}`}` +
          `${reason ? `:\n${reason}` : ""}\nstopping the stack`,
      );
      void stop(code ?? 1);
    });
  }
}

main().catch(async (error: unknown) => {
  if (stopping) return; // a signal's stop ends the process
  log(error instanceof Error ? error.message : String(error));
  // Redis may be up when PostgreSQL or a migration fails: stop what started.
  for (const stopService of stops.reverse()) await stopService().catch(() => undefined);
  process.exit(1);
});
