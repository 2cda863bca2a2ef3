import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "pg";
import { applyMigrations, checksumOf, MIGRATIONS_DIR, readMigrationFiles } from "@hookline/db";
import { createTestDatabase, type TestDatabase } from "@hookline/test-utils";

const silent = { info: () => undefined, warn: () => undefined };

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migration runner", () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  afterEach(() => database.drop());

  it("migrates a fresh database, then a second run applies nothing", async () => {
    const names = readMigrationFiles(MIGRATIONS_DIR).map((file) => file.name);
    expect(names.length).toBeGreaterThan(0);

    expect((await applyMigrations(database.url, MIGRATIONS_DIR, silent)).applied).toEqual(names);
    expect((await applyMigrations(database.url, MIGRATIONS_DIR, silent)).applied).toEqual([]);

    const tables = await query<{ tablename: string }>(
      database.url,
      "select tablename from pg_tables where schemaname = 'public' order by tablename",
    );
    expect(tables.map((row) => row.tablename)).toEqual(
      expect.arrayContaining(["_prisma_migrations", "pull_requests", "webhook_deliveries"]),
    );
  });

  it("records each migration in _prisma_migrations exactly as prisma migrate deploy does", async () => {
    await applyMigrations(database.url, MIGRATIONS_DIR, silent);
    const rows = await query<Record<string, unknown>>(
      database.url,
      `select id, checksum, migration_name, logs, finished_at, rolled_back_at, started_at, applied_steps_count
       from "_prisma_migrations" order by migration_name`,
    );
    const files = readMigrationFiles(MIGRATIONS_DIR);
    expect(rows).toHaveLength(files.length);
    rows.forEach((row, index) => {
      const file = files[index]!;
      const sha256 = checksumOf(readFileSync(join(MIGRATIONS_DIR, file.name, "migration.sql")));
      expect(row).toMatchObject({
        migration_name: file.name,
        checksum: sha256,
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
    });

    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      database.url,
      `select column_name, data_type, is_nullable from information_schema.columns
       where table_name = '_prisma_migrations' order by ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO" },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO" },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES" },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO" },
      { column_name: "logs", data_type: "text", is_nullable: "YES" },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES" },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO" },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO" },
    ]);
  });

  it("refuses to run while a failed migration is unresolved", async () => {
    await applyMigrations(database.url, MIGRATIONS_DIR, silent);
    await query(
      database.url,
      `insert into "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count, logs)
       values ('00000000-0000-4000-8000-000000000000', repeat('0', 64), '29990101000000_broken', now(), 0, 'boom')`,
    );
    await expect(applyMigrations(database.url, MIGRATIONS_DIR, silent)).rejects.toThrow(
      /failed migrations.*29990101000000_broken/,
    );
  });

  it("runs concurrently from several processes without applying anything twice", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => applyMigrations(database.url, MIGRATIONS_DIR, silent)),
    );
    const appliedCounts = results.map((result) => result.applied.length).sort();
    expect(appliedCounts).toEqual([0, 0, readMigrationFiles(MIGRATIONS_DIR).length]);
  });
});
