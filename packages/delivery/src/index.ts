export {
  createAddressPolicy,
  AddressPolicyError,
  type AddressPolicy,
  type AddressPolicyOptions,
  type PortRange,
} from "./address-policy";
export { nonGlobalReason } from "./address-class";
export { createPolicyAgents } from "./policy-agents";
export { ProxyError } from "./proxy-tunnel";
export {
  channelRetryAfter,
  createChannelClient,
  isTransient,
  type ClientSettings,
} from "./channel-client";
export { parseRetryAfter, retryAfterOf } from "./retry-after";
export { sendMessage, DeliveryFailure, type Delivered, type SendOptions } from "./send-message";
export { signMessage, signingKey, webhookId, webhookSignature } from "./sign-message";
export { installRequestSigner } from "./sign-requests";
export { withJitter } from "./jitter";
export type { TryRecord } from "./try-recorder";
