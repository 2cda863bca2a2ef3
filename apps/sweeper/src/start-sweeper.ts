import type { Registry } from "prom-client";
import type { Config } from "@hookline/config";
import { createPrismaClient } from "@hookline/db";
import type { RateLimitWait } from "@hookline/github-rest";
import { runEvery, type Periodic } from "@hookline/lifecycle";
import type { HealthReport, Logger } from "@hookline/observability";
import {
  createQueue,
  createRedisConnection,
  createSystemEventPublisher,
  QUEUE_NAMES,
  redisReady,
} from "@hookline/queue";
import { backfillRepository, type BackfillReport } from "./backfill/backfill-repository";
import { detectDrift, type DriftReport } from "./drift/detect-drift";
import { createDriftMetrics } from "./drift/drift-metrics";
import { scheduleDrift } from "./drift/schedule-drift";
import { createRetentionMetrics } from "./retention/retention-metrics";
import { runRetention, type RetentionReport } from "./retention/run-retention";
import {
  createAcceptedLookup,
  type AcceptedLookup,
  type AcceptedLookupDeps,
} from "./support/accepted-deliveries";
import { createGithubClients } from "./support/github-clients";
import { sweepAll, type SweepOutcome } from "./sweep/sweep-all";
import { createSweepStore } from "./sweep/sweep-store";
import { createSweeperMetrics } from "./sweeper-metrics";

export interface SweeperDeps {
  logger: Logger;
  registry: Registry;
  /** Terminal progress of commands (backfill counts, rate-limit waits); default: the log. */
  progress?: (line: string) => void;
  now?: () => Date;
  /** How "hookline accepted this GUID" is decided; default: ledger + ingest dedupe keys. */
  acceptedLookup?: (deps: AcceptedLookupDeps) => AcceptedLookup;
}

export interface Sweeper {
  /** One sweep of every configured hook. */
  sweep(): Promise<SweepOutcome>;
  /**
   * Sweeps now and then every github.sweep.interval, runs retention every
   * retention.interval, and runs the drift detector every
   * github.drift.interval where API access is configured, until close().
   */
  schedule(): void;
  /** One drift run: stored open pull requests (of one repository, or all) against GitHub's REST answer. */
  drift(repository?: string): Promise<DriftReport>;
  /** One retention run (undefined: another replica is running one). */
  retain(): Promise<RetentionReport | undefined>;
  /** Backfills these repositories (owner/name), one after another. */
  backfill(repositories: readonly string[]): Promise<BackfillReport[]>;
  /** What `--all` means: github.repositories plus every repository hook's repository. */
  configuredRepositories(): string[];
  ready(): Promise<HealthReport>;
  /** Stops the schedule (waiting for a sweep in progress), closes queues and connections. */
  close(): Promise<void>;
}

/**
 * The sweeper's one composition root, used by its processes (scheduled
 * sweeps, `npm run sweep`, `npm run backfill`) and by the tests alike.
 */
export async function startSweeper(config: Config, deps: SweeperDeps): Promise<Sweeper> {
  const { logger } = deps;
  const now = deps.now ?? (() => new Date());
  const progress = deps.progress ?? ((line: string) => logger.info(line));
  const prisma = createPrismaClient(config.database.url, { maxConnections: 4 });
  const redis = createRedisConnection(config.redis.url, "producer", "hookline-sweeper");
  redis.on("error", (error) => logger.warn("redis connection error", { error }));
  await redisReady(redis, 30_000);
  const context = {
    connection: redis,
    prefix: config.redis.prefix,
    // A notification id is remembered as long as a delivery id: a re-published outbox queues nothing twice.
    dedupeTtlMs: config.incoming.dedupe_ttl,
  };
  const incomingQueue = createQueue(QUEUE_NAMES.githubEvents, context);
  const notificationQueue = createQueue(QUEUE_NAMES.notifications, context);
  const publishSystemEvent = createSystemEventPublisher(notificationQueue, "sweeper");
  const metrics = createSweeperMetrics(deps.registry);
  const driftMetrics = createDriftMetrics(deps.registry);
  const onRateLimitWait = (wait: RateLimitWait) => {
    logger.warn("GitHub rate limit: waiting", { ...wait });
    progress(
      `rate limited by GitHub (${wait.kind}): waiting ${wait.seconds} s before ${wait.method} ${wait.url}`,
    );
  };
  const clients = createGithubClients(config.github, onRateLimitWait, (message) =>
    logger.warn("octokit", { message }),
  );
  const accepted = (deps.acceptedLookup ?? createAcceptedLookup)({
    prisma,
    redis,
    prefix: config.redis.prefix,
  });
  const store = createSweepStore(prisma);
  let lastSweep: { at: Date; errors: number } | undefined;
  let periodic: Periodic | undefined;
  let driftPeriodic: Periodic | undefined;
  const apiAccess = Boolean(config.github.token || config.github.app?.installation_id);
  const drift = (repository?: string) =>
    detectDrift(
      {
        prisma,
        client: clients.forRepositories(),
        queue: incomingQueue,
        metrics: driftMetrics,
        logger,
        now,
        publishSystemEvent,
      },
      config.github.drift,
      repository,
    );
  let retentionPeriodic: Periodic | undefined;
  // The runs schedule() starts at once, awaited by close() like the periodic ones.
  const startupRuns: Promise<void>[] = [];
  const retentionMetrics = createRetentionMetrics(deps.registry);
  const retain = () =>
    runRetention({
      prisma,
      redis,
      prefix: config.redis.prefix,
      settings: config.retention,
      metrics: retentionMetrics,
      logger,
      pauseMs: 10,
    });

  const sweep = async () => {
    const outcome = await sweepAll({
      settings: config.github.sweep,
      store,
      accepted,
      metrics,
      logger,
      now,
      clients,
      redis,
      prefix: config.redis.prefix,
      publishSystemEvent,
    });
    lastSweep = { at: now(), errors: outcome.errors.length };
    return outcome;
  };

  return {
    sweep,
    drift,
    schedule() {
      if (apiAccess && config.github.drift.enabled)
        driftPeriodic = scheduleDrift({
          redis,
          prefix: config.redis.prefix,
          intervalMs: config.github.drift.interval,
          logger,
          run: () => drift(),
        });
      const run = () => sweep().then(() => undefined);
      const runFailed = (error: unknown) => void logger.error("sweep run failed", { error });
      periodic = runEvery(config.github.sweep.interval, run, runFailed);
      startupRuns.push(run().catch(runFailed));
      const retainRun = () => retain().then(() => undefined);
      const retainFailed = (error: unknown) => void logger.error("retention run failed", { error });
      retentionPeriodic = runEvery(config.retention.interval, retainRun, retainFailed);
      // Also at start: replicas restarted more often than the interval
      // (deploys) would otherwise never reach their first tick.
      startupRuns.push(retainRun().catch(retainFailed));
    },
    retain,
    async backfill(repositories) {
      const client = clients.forRepositories();
      const reports: BackfillReport[] = [];
      for (const repository of repositories)
        reports.push(
          await backfillRepository({ client, queue: incomingQueue, progress, now }, repository),
        );
      return reports;
    },
    configuredRepositories() {
      const fromHooks = clients.hooks.flatMap((hook) =>
        hook.kind === "repository" ? [`${hook.owner}/${hook.repo}`] : [],
      );
      return [...new Set([...config.github.repositories, ...fromHooks])];
    },
    async ready() {
      const redisOk = await redis.ping().then(
        () => true,
        () => false,
      );
      return {
        healthy: redisOk,
        redis: redisOk,
        hooks: clients.hooks.length,
        last_sweep: lastSweep?.at ?? null,
        last_sweep_errors: lastSweep?.errors ?? null,
      };
    },
    async close() {
      await Promise.all([
        periodic?.stop(),
        driftPeriodic?.stop(),
        retentionPeriodic?.stop(),
        ...startupRuns,
      ]);
      await Promise.all([incomingQueue.close(), notificationQueue.close()]);
      await prisma.$disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
