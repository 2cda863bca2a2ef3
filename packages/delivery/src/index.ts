export { createAddressPolicy, AddressPolicyError, type AddressPolicy } from "./address-policy";
export {
  channelRetryAfter,
  createChannelClient,
  isTransient,
  type ClientSettings,
} from "./channel-client";
export { parseRetryAfter, retryAfterOf } from "./retry-after";
export { sendMessage, DeliveryFailure, type Delivered, type SendOptions } from "./send-message";
export { signMessage } from "./sign-message";
export type { TryRecord } from "./try-recorder";
