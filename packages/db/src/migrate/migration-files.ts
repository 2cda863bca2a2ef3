import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface MigrationFile {
  /** Folder name, `<timestamp>_<name>`, as Prisma records it. */
  name: string;
  sql: string;
  /** Lowercase hex SHA-256 of migration.sql, exactly what Prisma stores. */
  checksum: string;
}

export function checksumOf(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** The migrations in Prisma's layout, in the order Prisma applies them (by folder name). */
export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(migrationsDir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) };
    });
}
