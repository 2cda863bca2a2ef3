import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The native schema engine `prisma migrate deploy` needs: the one named by
 * PRISMA_SCHEMA_ENGINE_BINARY if it is a real file, else the one Prisma's
 * postinstall downloads into @prisma/engines (absent on offline machines).
 */
export function findNativeSchemaEngine(configured: string | undefined): string | undefined {
  if (configured) return existsSync(configured) ? configured : undefined;
  const enginesDir = dirname(require.resolve("@prisma/engines/package.json"));
  const engine = readdirSync(enginesDir).find((name) => name.startsWith("schema-engine"));
  return engine ? join(enginesDir, engine) : undefined;
}
