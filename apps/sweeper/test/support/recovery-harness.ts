import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import type { Registry } from "prom-client";
import { loadConfig, type Config } from "@hookline/config";
import { createLogger, createRegistry } from "@hookline/observability";
import { SECRET, testPrefix, testRedisUrl } from "@hookline/test-utils";
import {
  createIngestHarness,
  type IngestHarness,
} from "../../../ingest/test/support/ingest-harness";
import {
  createWorkerHarness,
  type WorkerHarness,
} from "../../../worker/test/support/worker-harness";
import { startSweeper, type Sweeper, type SweeperDeps } from "../../src/start-sweeper";
import { FakeGithub, type FakeGithubOptions } from "@hookline/test-utils";

export const TOKEN = "github_pat_test";
export const REPO_HOOK = "/repos/octo/hookline/hooks/101";

/** How the ingest answers GitHub: up, 503 (Redis down), or refusing connections. */
export type IngestMode = "up" | "503" | "refuse" | "store-then-504";

export interface RecoveryHarness {
  github: FakeGithub;
  ingest: IngestHarness;
  worker: WorkerHarness;
  ingestMode: IngestMode;
  /** The Redis key prefix of this harness's ingest, worker and sweepers. */
  prefix: string;
  /** The ingest's webhook URL as GitHub reaches it. */
  ingestUrl: string;
  /** A sweeper on this harness's Redis prefix, database and fake GitHub. */
  sweeper(options?: {
    yaml?: string;
    env?: Record<string, string>;
    deps?: Partial<SweeperDeps>;
  }): Promise<SweeperUnderTest>;
  /** GUIDs the worker has applied (webhook_deliveries PROCESSED). */
  applied(): Promise<Set<string>>;
  close(): Promise<void>;
}

export interface SweeperUnderTest {
  sweeper: Sweeper;
  config: Config;
  registry: Registry;
  progress: string[];
}

/**
 * GitHub (fake, on 127.0.0.1) → ingest (real, behind a switch that can take
 * it down) → Redis → worker (real) → PostgreSQL, and sweepers built through
 * the app's own composition root against all of it.
 */
export async function createRecoveryHarness(
  options: FakeGithubOptions & {
    /** false: the test starts the worker itself (harness.worker.startWorker()). */
    startWorker?: boolean;
  } = {},
): Promise<RecoveryHarness> {
  const { startWorker = true, ...githubOptions } = options;
  const prefix = testPrefix();
  const ingest = await createIngestHarness({ prefix });
  const worker = await createWorkerHarness({ prefix });
  if (startWorker) await worker.startWorker();
  const github = await new FakeGithub({ tokens: [TOKEN], ...githubOptions }).start();
  const sweepers: Sweeper[] = [];
  const harness = {
    github,
    ingest,
    worker,
    ingestMode: "up" as IngestMode,
    prefix,
    ingestUrl: "",
  } as RecoveryHarness;
  const gate: Server = createServer((req, res) => {
    if (harness.ingestMode === "refuse") return req.socket.destroy();
    if (harness.ingestMode === "503") {
      res.writeHead(503, { "retry-after": "5" }).end();
      return;
    }
    if (harness.ingestMode === "store-then-504") {
      // The ingest queued it, but GitHub's 10 s timeout passed first: GitHub marks it failed.
      const writeHead = res.writeHead.bind(res);
      res.writeHead = ((_status: number, ...rest: unknown[]) =>
        (writeHead as (...args: unknown[]) => typeof res)(504, ...rest)) as typeof res.writeHead;
    }
    ingest.app(req, res);
  });
  await new Promise<void>((resolve) => gate.listen(0, "127.0.0.1", resolve));
  harness.ingestUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/webhooks/github`;
  github.addHook(REPO_HOOK, harness.ingestUrl, SECRET);

  harness.sweeper = async ({ yaml = "", env = {}, deps = {} } = {}) => {
    const config = loadConfig({
      role: "sweeper",
      env: {
        REDIS_URL: testRedisUrl(),
        DATABASE_URL: worker.database.url,
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: TOKEN,
        ...env,
      },
      yaml:
        yaml ||
        `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 101 }
  sweep:
    write_interval: 10ms
    retry_base: 50ms
`,
    });
    config.redis.prefix = prefix;
    const registry = createRegistry("sweeper");
    const progress: string[] = [];
    const logger = createLogger({
      service: "sweeper-test",
      level: "warn",
      stream: new PassThrough().resume(),
    });
    const sweeper = await startSweeper(config, {
      logger,
      registry,
      progress: (line) => progress.push(line),
      ...deps,
    });
    sweepers.push(sweeper);
    return { sweeper, config, registry, progress };
  };
  harness.applied = async () => {
    const rows = await worker.prisma.webhookDelivery.findMany({
      where: { status: "PROCESSED" },
      select: { deliveryId: true },
    });
    return new Set(rows.map((row) => row.deliveryId));
  };
  harness.close = async () => {
    for (const sweeper of sweepers) await sweeper.close();
    await github.close();
    gate.closeAllConnections();
    await new Promise((resolve) => gate.close(resolve));
    await ingest.close();
    await worker.close();
  };
  return harness;
}

/** A counter's or gauge's value for one hook, from the registry. */
export async function metricValue(registry: Registry, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, value) => sum + value.value, 0);
}
