import type { Redis } from "ioredis";
import type { Priority } from "@hookline/config";
import { hookKey } from "@hookline/github-rest";
import type { GithubClients } from "../support/github-clients";
import { tryLock } from "../support/run-lock";
import { sweepHook, type HookSweepReport, type SweepHookDeps } from "./sweep-hook";

export interface SweepAllDeps extends SweepHookDeps {
  clients: GithubClients;
  redis: Redis;
  prefix: string;
  publishSystemEvent: (
    type: string,
    priority: Priority,
    data: Record<string, unknown>,
  ) => Promise<void>;
}

export interface SweepOutcome {
  reports: HookSweepReport[];
  /** Hooks GitHub could not be asked about: unreachable, refused (401/403/404), rate limited too long. */
  errors: Array<{ hook: string; status?: number; error: string }>;
  /** Hooks another replica was sweeping. */
  skipped: string[];
}

// Renewed every 20 s while a sweep runs: only a dead replica's lock expires.
const LOCK_TTL_MS = 60_000;

/**
 * Sweeps every configured hook, one at a time, each under a lock shared by
 * all replicas so no two sweep one hook at once. A failing hook does not
 * stop the others. Publishes system.github.failed_deliveries when a hook had
 * failures hookline never accepted, system.github.acknowledged_missing when
 * deliveries hookline answered 202 to were lost afterwards (Redis lost
 * acknowledged writes: see docs/production.md, durability),
 * system.github.refused_deliveries once per newly refused delivery,
 * system.github.unreachable when GitHub could not be listed or refused a
 * redelivery request.
 */
export async function sweepAll(deps: SweepAllDeps): Promise<SweepOutcome> {
  const outcome: SweepOutcome = { reports: [], errors: [], skipped: [] };
  for (const hook of deps.clients.hooks) {
    const key = hookKey(hook);
    const release = await tryLock(
      deps.redis,
      `${deps.prefix}:github-sweep-lock:${key}`,
      LOCK_TTL_MS,
    );
    if (!release) {
      outcome.skipped.push(key);
      deps.logger.info("sweep skipped: another replica holds the hook", { hook: key });
      continue;
    }
    try {
      const report = await sweepHook(deps, deps.clients.forHook(hook), hook);
      outcome.reports.push(report);
      deps.logger.info("sweep finished", { ...report });
      const publish = (type: string, priority: Priority) =>
        deps
          .publishSystemEvent(type, priority, { ...report })
          .catch((error) => deps.logger.warn(`could not publish ${type}`, { error }));
      if (report.failed > 0) await publish("system.github.failed_deliveries", "medium");
      if (report.missing > 0) await publish("system.github.acknowledged_missing", "high");
      if (report.refused.length > 0) await publish("system.github.refused_deliveries", "high");
    } catch (error) {
      const status = (error as { status?: number }).status;
      const message = error instanceof Error ? error.message : String(error);
      outcome.errors.push({ hook: key, status, error: message });
      deps.metrics.sweepFailures.inc({ hook: key });
      deps.logger.error("sweep failed", { hook: key, status, error: message });
      await deps
        .publishSystemEvent("system.github.unreachable", "high", {
          hook: key,
          status: status ?? null,
          error: message,
        })
        .catch((publishError) =>
          deps.logger.warn("could not publish system.github.unreachable", { error: publishError }),
        );
    } finally {
      await release().catch(() => undefined);
    }
  }
  return outcome;
}
