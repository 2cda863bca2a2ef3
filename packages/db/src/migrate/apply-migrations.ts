import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { readMigrationFiles } from "./migration-files";
import {
  CREATE_PRISMA_MIGRATIONS_TABLE,
  PRISMA_ADVISORY_LOCK_KEY,
  type AppliedMigrationRow,
} from "./prisma-migrations-table";

export interface MigrationLogger {
  info(message: string, meta?: object): unknown;
  warn(message: string, meta?: object): unknown;
}

export interface ApplyMigrationsResult {
  applied: string[];
}

export class MigrationError extends Error {
  readonly code = "MIGRATION_FAILED";
}

function refuseFailedMigrations(rows: AppliedMigrationRow[]): void {
  const failed = rows.filter((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed.length > 0) {
    const names = failed.map((row) => row.migration_name).join(", ");
    throw new MigrationError(
      `failed migrations in the target database: ${names}. Resolve them first ` +
        "(fix the database, then `prisma migrate resolve --applied|--rolled-back <name>`); nothing was applied.",
    );
  }
}

async function applyOne(
  client: Client,
  name: string,
  sql: string,
  checksum: string,
): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, checksum, name],
  );
  try {
    // One simple-protocol query: PostgreSQL runs a multi-statement script in
    // one implicit transaction, as Prisma's engine does.
    await client.query(sql);
  } catch (error) {
    await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [
      id,
      String(error),
    ]);
    throw new MigrationError(`migration ${name} failed: ${(error as Error).message}`);
  }
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1`,
    [id],
  );
}

/**
 * What `prisma migrate deploy` does, for machines without Prisma's native
 * schema engine: under Prisma's advisory lock, refuse when a migration failed
 * half-way, then apply every migration folder not yet recorded, in order.
 */
export async function applyMigrations(
  databaseUrl: string,
  migrationsDir: string,
  logger: MigrationLogger,
): Promise<ApplyMigrationsResult> {
  const files = readMigrationFiles(migrationsDir);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    await client.query(CREATE_PRISMA_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedMigrationRow>(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    refuseFailedMigrations(rows);
    const done = new Map(
      rows
        .filter((row) => row.finished_at !== null && row.rolled_back_at === null)
        .map((row) => [row.migration_name, row]),
    );
    const applied: string[] = [];
    for (const file of files) {
      const existing = done.get(file.name);
      if (existing) {
        if (existing.checksum !== file.checksum) {
          logger.warn("applied migration was modified after it was applied", {
            migration: file.name,
          });
        }
        continue;
      }
      await applyOne(client, file.name, file.sql, file.checksum);
      logger.info("applied migration", { migration: file.name });
      applied.push(file.name);
    }
    return { applied };
  } finally {
    await client
      .query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY])
      .catch(() => undefined);
    await client.end();
  }
}
