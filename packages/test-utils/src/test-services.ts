import { readFileSync } from "node:fs";
import { join } from "node:path";

// Written by test/global-setup.ts at the repository root.
export const SERVICES_FILE = join(
  __dirname,
  "..",
  "..",
  "..",
  ".hookline",
  "test",
  "services.json",
);

export interface TestServices {
  redisUrl: string;
  databaseUrl: string;
  templateDatabase: string;
}

let cached: TestServices | undefined;

export function testServices(): TestServices {
  cached ??= JSON.parse(readFileSync(SERVICES_FILE, "utf8")) as TestServices;
  return cached;
}
