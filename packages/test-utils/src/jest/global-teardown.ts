import { rmSync } from "node:fs";
import { SERVICES_FILE } from "../test-services";

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__HOOKLINE_SERVICES__;
  rmSync(SERVICES_FILE, { force: true });
  if (!started) return;
  await Promise.all([started.redis?.stop(), started.postgres?.stop()]);
  rmSync(started.workDir, { recursive: true, force: true });
}
