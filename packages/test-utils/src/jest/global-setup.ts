// Starts a throwaway redis-server and PostgreSQL for the whole test run
// (unless REDIS_URL / DATABASE_URL name existing ones), migrates a template
// database once, and tells test files where everything is.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Client } from "pg";
import { externalServices } from "@hookline/config";
import { applyMigrations, databaseUrl, MIGRATIONS_DIR } from "@hookline/db";
import {
  startPostgres,
  startRedis,
  type PostgresServer,
  type RedisServer,
} from "@hookline/local-services";
import { SERVICES_FILE, type TestServices } from "../test-services";

interface Started {
  redis?: RedisServer;
  postgres?: PostgresServer;
  workDir: string;
}

declare global {
  var __HOOKLINE_SERVICES__: Started | undefined;
}

const silent = { info: () => undefined, warn: () => undefined };

async function createTemplate(maintenanceUrl: string): Promise<string> {
  const name = `hookline_template_${process.pid}`;
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}"`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  await applyMigrations(databaseUrl(maintenanceUrl, name), MIGRATIONS_DIR, silent);
  return name;
}

export default async function globalSetup(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), "hookline-test-"));
  chmodSync(workDir, 0o755); // PostgreSQL runs as an unprivileged user and must reach its data dir
  const started: Started = { workDir };
  globalThis.__HOOKLINE_SERVICES__ = started;
  // If Jest dies without running the teardown, do not leave servers behind.
  process.once("exit", () => {
    started.redis?.process.child.kill("SIGKILL");
    started.postgres?.process.child.kill("SIGKILL");
  });

  const external = externalServices();
  let redisUrl = external.redisUrl;
  if (!redisUrl) {
    started.redis = await startRedis({ dataDir: workDir });
    redisUrl = started.redis.url;
  }
  let databaseUrl = external.databaseUrl;
  if (!databaseUrl) {
    started.postgres = await startPostgres({ dataDir: join(workDir, "pg"), ephemeral: true });
    databaseUrl = started.postgres.url;
  }
  const services: TestServices = {
    redisUrl,
    databaseUrl,
    templateDatabase: await createTemplate(databaseUrl),
  };
  mkdirSync(dirname(SERVICES_FILE), { recursive: true });
  writeFileSync(SERVICES_FILE, JSON.stringify(services, null, 2));
}
