export { testServices, SERVICES_FILE, type TestServices } from "./test-services";
export { createTestDatabase, type TestDatabase } from "./test-database";
export { testPrefix, testRedisUrl } from "./test-redis";
export { startOwnRedis, type OwnRedis } from "./own-redis";
export { startOwnRedisCluster, type OwnRedisCluster } from "./own-redis-cluster";
export { waitFor } from "./wait-for";
export { spawnApp, REPO_ROOT, type SpawnedApp } from "./spawn-app";
export { SECRET, signGithub, postGithub } from "./sign-github";
export { eventJob } from "./event-job";
export { octokitSign } from "./octokit-sign";
export {
  githubExamples,
  pullRequestEvent,
  checkRunEvent,
  checkRunActionEvent,
  checkSuiteActionEvent,
  statusEvent,
  type PullRequestSnapshot,
  type CheckRunStep,
  type CheckSuiteStep,
} from "./github-payloads";
export { startReceiver, type Receiver, type ReceivedRequest, type ReceiverReply } from "./receiver";
export { waitForJob } from "./wait-for-job";
export {
  FakeGithub,
  type DeliveryRow,
  type FakeGithubOptions,
  type FakeRepository,
  type RequiredCheck,
} from "./fake-github/fake-github";
