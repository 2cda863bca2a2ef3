export { createPrismaClient, type PrismaClientOptions } from "./create-prisma-client";
export {
  applyMigrations,
  MigrationError,
  type ApplyMigrationsResult,
} from "./migrate/apply-migrations";
export { readMigrationFiles, checksumOf, type MigrationFile } from "./migrate/migration-files";
export { MIGRATIONS_DIR, SCHEMA_PATH } from "./paths";
export { PrismaClient, Prisma } from "./generated/prisma/client";
export * from "./generated/prisma/enums";
export { databaseUrl } from "./database-url";
