export {
  createDatabase,
  createPrismaClient,
  type Database,
  type PrismaClientOptions,
} from "./create-prisma-client";
export {
  applyMigrations,
  MigrationError,
  type ApplyMigrationsResult,
} from "./migrate/apply-migrations";
export { readMigrationFiles, checksumOf, type MigrationFile } from "./migrate/migration-files";
export { FUNCTIONS_DIR, MIGRATIONS_DIR, SCHEMA_PATH } from "./paths";
export {
  functionsDrift,
  functionsMigrationSql,
  readFunctionFiles,
  latestFunctionsMigration,
  GENERATED_MARKER,
  type FunctionFile,
} from "./functions/functions-migration";
export { PrismaClient, Prisma } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
export { databaseUrl } from "./database-url";
