import { randomUUID } from "node:crypto";
import { testServices } from "./test-services";

/** A queue-key prefix of this test's own, hash-tagged like production's. */
export function testPrefix(): string {
  return `{test-${randomUUID()}}`;
}

export function testRedisUrl(): string {
  return testServices().redisUrl;
}
