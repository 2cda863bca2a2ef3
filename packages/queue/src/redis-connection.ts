import { Redis, type RedisOptions } from "ioredis";

/**
 * Producers (the ingest, schedulers) must fail fast so a request can answer
 * 503 instead of hanging while Redis is away; workers wait and reconnect, as
 * BullMQ requires (maxRetriesPerRequest: null).
 */
export type ConnectionPurpose = "producer" | "worker";

const PURPOSE_OPTIONS: Record<ConnectionPurpose, RedisOptions> = {
  producer: {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 5000,
    connectTimeout: 5000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  },
  worker: {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(200 * times, 5000),
  },
};

export function createRedisConnection(url: string, purpose: ConnectionPurpose, name?: string): Redis {
  return new Redis(url, {
    ...PURPOSE_OPTIONS[purpose],
    connectionName: name,
    lazyConnect: false,
  });
}
