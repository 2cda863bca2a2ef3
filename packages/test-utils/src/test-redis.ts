import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { testServices } from "./test-services";

/** A queue-key prefix of this test's own, hash-tagged like production's. */
export function testPrefix(): string {
  return `{test-${randomUUID()}}`;
}

export function testRedisUrl(): string {
  return testServices().redisUrl;
}

/** A plain client for assertions; close it in afterEach/afterAll. */
export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
}
