export { clientNetworkKey, DEFAULT_IPV6_PREFIX } from "./client-network-key";
