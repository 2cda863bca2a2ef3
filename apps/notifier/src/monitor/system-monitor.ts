import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Priority } from "@hookline/config";
import type { PrismaClient } from "@hookline/db";
import { runEvery, type Periodic } from "@hookline/lifecycle";
import type { DirectAlert } from "./direct-alert";
import { readRedisMemory, underPressure } from "./redis-memory";

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
  /** Through the notifications queue. */
  publish: Publish;
  /** Around the queue, for when Redis is what failed. */
  alertDirect: DirectAlert;
  /** Failed pings in a row before Redis counts as unreachable (a reconnect blip is not an outage). */
  redisFailuresToAlert?: number;
  /** Share of maxmemory in use from which Redis counts as degraded. */
  redisMemoryPressure?: number;
}

/**
 * Emits system.queue.full when a queue passes its bound and
 * system.health.degraded when PostgreSQL stops answering or Redis nears its
 * memory limit — once per transition, not per tick, and once across
 * replicas: the state lives in Redis and only the replica whose GETSET flips
 * it publishes. Redis being unreachable is the exception: no shared state and
 * no queue, so each replica alerts the channels directly, once per outage.
 */
export function createSystemMonitor(deps: MonitorDeps) {
  const flipped = async (check: string, state: string) =>
    (await deps.redis.getset(`${deps.prefix}:monitor:${check}`, state)) !== state;
  const failuresToAlert = deps.redisFailuresToAlert ?? 2;
  let failedPings = 0;

  const redisReachable = async (): Promise<boolean> => {
    const up = await deps.redis.ping().then(
      () => true,
      () => false,
    );
    failedPings = up ? 0 : failedPings + 1;
    if (failedPings === failuresToAlert) {
      await deps.alertDirect("system.health.degraded", "critical", {
        dependency: "redis",
        status: "unreachable",
      });
    }
    return up;
  };

  const checkQueues = async () => {
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
  };

  const checkRedisMemory = async () => {
    const memory = await readRedisMemory(deps.redis);
    const state = underPressure(memory, deps.redisMemoryPressure) ? "pressure" : "ok";
    if ((await flipped("health:redis", state)) && state === "pressure") {
      await deps.publish("system.health.degraded", "critical", {
        dependency: "redis",
        status: "memory pressure",
        used_memory: memory.used,
        maxmemory: memory.max,
      });
    }
  };

  const checkPostgres = async () => {
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

  const tick = async (): Promise<void> => {
    if (!(await redisReachable())) return; // everything else is read or published through Redis
    await checkQueues();
    await checkRedisMemory();
    await checkPostgres();
  };

  let periodic: Periodic | undefined;
  return {
    tick,
    start(intervalMs: number, onError: (error: unknown) => void) {
      periodic = runEvery(intervalMs, tick, onError);
    },
    async stop() {
      await periodic?.stop();
    },
  };
}
