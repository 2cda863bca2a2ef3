export { createAddressPolicy, AddressPolicyError, type AddressPolicy } from "./address-policy";
export { createChannelClient, isTransient, type ClientSettings } from "./channel-client";
export { sendMessage, DeliveryFailure, type Delivered, type SendOptions } from "./send-message";
export { signMessage } from "./sign-message";
export type { TryRecord } from "./try-recorder";
