import type { Redis } from "ioredis";

/**
 * Ids published recently on `POST /events`. An id is remembered only after
 * its job is in Redis, so a failed enqueue never makes a retry look like a
 * duplicate.
 */
export interface DedupeStore {
  seen(jobId: string): Promise<boolean>;
  remember(jobId: string): Promise<void>;
}

export function createDedupeStore(redis: Redis, prefix: string, ttlMs: number): DedupeStore {
  const key = (jobId: string) => `${prefix}:dedupe:${jobId}`;
  return {
    seen: async (jobId) => (await redis.exists(key(jobId))) === 1,
    remember: async (jobId) => {
      await redis.set(key(jobId), "1", "PX", ttlMs);
    },
  };
}
