export { testServices, SERVICES_FILE, type TestServices } from "./test-services";
export { createTestDatabase, type TestDatabase } from "./test-database";
export { testPrefix, testRedisUrl, testRedis } from "./test-redis";
export { waitFor } from "./wait-for";
export { spawnApp, REPO_ROOT, type SpawnedApp } from "./spawn-app";
