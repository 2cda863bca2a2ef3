export {
  createGithubClient,
  type GithubAuth,
  type GithubClient,
  type GithubClientOptions,
  type RateLimitWait,
} from "./create-github-client";
export {
  hookKey,
  listDeliveries,
  requestRedelivery,
  type DeliveryPage,
  type HookDelivery,
  type HookTarget,
} from "./hook-deliveries";
export { readRequiredChecks, type RequiredCheck } from "./required-checks";
