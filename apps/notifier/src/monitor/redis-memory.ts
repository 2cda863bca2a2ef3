import type { Redis } from "ioredis";

/**
 * Share of maxmemory in use at which Redis counts as degraded: with
 * noeviction, writes fail at 100%. 80% leaves room for a burst (a backlog
 * of 25 MiB bodies) between the warning and the first refused write.
 */
export const REDIS_MEMORY_PRESSURE = 0.8;

export interface RedisMemory {
  used: number;
  /** 0 when Redis has no limit. */
  max: number;
}

function field(info: string, name: string): number {
  const match = new RegExp(`^${name}:(\\d+)`, "m").exec(info);
  return match ? Number(match[1]) : 0;
}

export async function readRedisMemory(redis: Redis): Promise<RedisMemory> {
  const info = await redis.info("memory");
  return { used: field(info, "used_memory"), max: field(info, "maxmemory") };
}

export function underPressure(memory: RedisMemory, share = REDIS_MEMORY_PRESSURE): boolean {
  return memory.max > 0 && memory.used >= share * memory.max;
}
