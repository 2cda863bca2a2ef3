import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Priority } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";

export type Publish = (
  eventType: string,
  priority: Priority,
  data: Record<string, unknown>,
) => Promise<void>;

export interface MonitorDeps {
  redis: Redis;
  prisma: PrismaClient;
  queues: readonly Queue[];
  maxDepth: number;
  prefix: string;
  publish: Publish;
}

/**
 * Emits system.queue.full when a queue passes its bound and
 * system.health.degraded when PostgreSQL stops answering — once per
 * transition, not per tick, and once across replicas: the state lives in
 * Redis and only the replica whose GETSET flips it publishes.
 */
export function createSystemMonitor(deps: MonitorDeps) {
  const flipped = async (check: string, state: string) =>
    (await deps.redis.getset(`${deps.prefix}:monitor:${check}`, state)) !== state;

  const tick = async (): Promise<void> => {
    for (const queue of deps.queues) {
      const counts = await queue.getJobCounts("waiting", "prioritized", "delayed");
      const depth = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
      const state = depth > deps.maxDepth ? "full" : "ok";
      if ((await flipped(`queue:${queue.name}`, state)) && state === "full") {
        await deps.publish("system.queue.full", "high", {
          queue: queue.name,
          depth,
          max_depth: deps.maxDepth,
        });
      }
    }
    const databaseUp = await deps.prisma.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    if ((await flipped("health:postgresql", databaseUp ? "up" : "down")) && !databaseUp) {
      await deps.publish("system.health.degraded", "critical", {
        dependency: "postgresql",
        status: "unreachable",
      });
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  return {
    tick,
    start(intervalMs: number, onError: (error: unknown) => void) {
      timer = setInterval(() => {
        running = running.then(tick).catch(onError);
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
