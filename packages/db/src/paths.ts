import { join } from "node:path";
import { REPO_ROOT } from "@hookline/config";

export const PRISMA_DIR = join(REPO_ROOT, "prisma");
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");
/** One .sql file per hookline_* database function; the migrations are generated from them. */
export const FUNCTIONS_DIR = join(PRISMA_DIR, "functions");
export const PRISMA_CLI = join(REPO_ROOT, "node_modules", "prisma", "build", "index.js");
