export { createAddressPolicy, AddressPolicyError, type AddressPolicy } from "./address-policy";
export {
  channelRetryAfter,
  channelTimeoutMs,
  createChannelClient,
  isTransient,
  type ClientSettings,
} from "./channel-client";
export { parseRetryAfter, retryAfterOf } from "./retry-after";
export { sendMessage, DeliveryFailure, type Delivered, type SendOptions } from "./send-message";
export { signMessage } from "./sign-message";
export { DEADLINE_CODE, type TryRecord } from "./try-recorder";
export { readBounded, type BoundedBody } from "./read-bounded";
export * from "./channel-state";
