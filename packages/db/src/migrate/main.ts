// `npm run db:migrate`: `prisma migrate deploy` where Prisma's native schema
// engine is installed, otherwise the project's runner, which writes the same
// `_prisma_migrations` rows so either can take over from the other.
import { spawnSync } from "node:child_process";
import { loadProcessConfig } from "@hookline/config";
import { runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { MIGRATIONS_DIR, PRISMA_CLI } from "../paths";
import { applyMigrations } from "./apply-migrations";
import { findNativeSchemaEngine } from "./native-schema-engine";

runMain(async () => {
  const config = loadProcessConfig("tool");
  const logger = createLogger({ service: "migrate", level: config.log_level });
  const engine = findNativeSchemaEngine(process.env.PRISMA_SCHEMA_ENGINE_BINARY);
  if (engine) {
    logger.info("running prisma migrate deploy", { engine });
    const result = spawnSync(process.execPath, [PRISMA_CLI, "migrate", "deploy"], {
      stdio: "inherit",
      env: {
        ...process.env,
        DATABASE_URL: config.database.url,
        PRISMA_SCHEMA_ENGINE_BINARY: engine,
      },
    });
    if (result.status !== 0) throw new Error("prisma migrate deploy failed");
    return;
  }
  const { applied } = await applyMigrations(config.database.url, MIGRATIONS_DIR, logger);
  logger.info(applied.length ? "migrations applied" : "database is up to date", { applied });
});
