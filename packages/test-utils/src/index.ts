export { testServices, SERVICES_FILE, type TestServices } from "./test-services";
export { createTestDatabase, type TestDatabase } from "./test-database";
export { testPrefix, testRedisUrl } from "./test-redis";
export { startOwnRedis, type OwnRedis } from "./own-redis";
export { startOwnRedisCluster, type OwnRedisCluster } from "./own-redis-cluster";
export { waitFor } from "./wait-for";
export { spawnApp, REPO_ROOT, type SpawnedApp } from "./spawn-app";
export {
  createIngestHarness,
  postGithub,
  signGithub,
  SECRET,
  type IngestHarness,
  type HarnessOptions,
} from "./harness/ingest-harness";
export { createWorkerHarness, eventJob, type WorkerHarness } from "./harness/worker-harness";
export { octokitSign } from "./harness/octokit-sign";
export {
  githubExamples,
  pullRequestEvent,
  checkRunEvent,
  statusEvent,
  type PullRequestSnapshot,
} from "./harness/github-payloads";
export {
  createNotifierHarness,
  CHANNEL_SECRET,
  type NotifierHarness,
} from "./harness/notifier-harness";
export { startReceiver, type Receiver, type ReceivedRequest, type ReceiverReply } from "./receiver";
export { waitForJob } from "./wait-for-job";
