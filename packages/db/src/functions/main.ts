// npm run db:functions -- <timestamp>_<name>   writes that migration from prisma/functions
// npm run db:functions -- --check              exits 1 when files and migrations disagree
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FUNCTIONS_DIR, MIGRATIONS_DIR } from "../paths";
import { functionsDrift, functionsMigrationSql, readFunctionFiles } from "./functions-migration";

const argument = process.argv[2];
if (!argument || argument === "--check") {
  const problems = functionsDrift(FUNCTIONS_DIR, MIGRATIONS_DIR);
  for (const problem of problems) console.error(problem);
  if (problems.length === 0) console.log("prisma/functions and the migrations agree");
  process.exit(problems.length === 0 ? 0 : 1);
}
if (!/^\d{14}_[a-z0-9_]+$/.test(argument)) {
  console.error("usage: npm run db:functions -- <yyyymmddhhmmss>_<name> | --check");
  process.exit(2);
}
const folder = join(MIGRATIONS_DIR, argument);
mkdirSync(folder, { recursive: true });
writeFileSync(
  join(folder, "migration.sql"),
  functionsMigrationSql(readFunctionFiles(FUNCTIONS_DIR)),
);
console.log(`wrote ${join(folder, "migration.sql")}`);
