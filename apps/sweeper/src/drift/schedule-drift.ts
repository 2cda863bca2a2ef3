import type { Redis } from "ioredis";
import { runEvery, type Periodic } from "@hookline/lifecycle";
import type { Logger } from "@hookline/observability";
import { tryLock } from "../support/run-lock";
import type { DriftReport } from "./detect-drift";

export interface DriftScheduleDeps {
  redis: Redis;
  prefix: string;
  intervalMs: number;
  logger: Logger;
  run: () => Promise<DriftReport>;
}

/**
 * Scheduled drift runs beside the sweeps: one replica at a time (a Redis
 * lock per run), every `intervalMs`, the first one interval after start so
 * a starting sweeper spends its budget on the sweep first.
 */
export function scheduleDrift(deps: DriftScheduleDeps): Periodic {
  const once = async () => {
    const release = await tryLock(deps.redis, `${deps.prefix}:github-drift-lock`, deps.intervalMs);
    if (!release) return;
    try {
      const report = await deps.run();
      deps.logger.info("drift run", {
        checked: report.checked,
        drifted: report.drifted.length,
        errors: report.errors.length,
        skipped: report.skipped,
      });
    } finally {
      await release();
    }
  };
  return runEvery(deps.intervalMs, once, (error) =>
    deps.logger.error("drift run failed", { error }),
  );
}
