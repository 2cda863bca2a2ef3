export {
  verifySignature,
  computeSignature,
  GITHUB_SIGNATURE_SCHEME,
  type SignatureScheme,
} from "./verify-signature";
export { isHandledEvent, isHandledEventName } from "./handled-events";
export { subjectOfGithubPayload, type PayloadSubject } from "./payload-subject";
export type { PullRequestAction, HandledWebhooks, HandledEventName } from "./webhook-types";
export {
  pullRequestPayloadSchema,
  checkRunPayloadSchema,
  checkSuitePayloadSchema,
  statusPayloadSchema,
  requiredChecksChangePayloadSchema,
  type RequiredChecksChangePayload,
  type PullRequestPayload,
  type CheckRunPayload,
  type CheckSuitePayload,
  type StatusPayload,
  checkRunSchema,
  checkSuiteSchema,
  CHECK_RUN_ACTIONS,
  CHECK_SUITE_ACTIONS,
  RESYNC_ACTION,
} from "./payload-schemas";
