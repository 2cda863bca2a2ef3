import ipaddr from "ipaddr.js";

/**
 * A /64 is the smallest IPv6 network an end site is given (RFC 6177; RFC 4291
 * fixes interface identifiers at 64 bits), so one client can rotate through
 * 2^64 addresses of its own: counting per address would reset its budget.
 */
export const DEFAULT_IPV6_PREFIX = 64;

/**
 * The key a per-address limit counts a client by: an IPv4 address as itself
 * ("203.0.113.7"), an IPv4-mapped IPv6 address as its IPv4 address
 * ("::ffff:203.0.113.7" → "203.0.113.7"), any other IPv6 address as its
 * network of `ipv6Prefix` bits in CIDR form ("2001:db8:1:2::/64"). Text that
 * is not an address (no socket address, "unknown") is returned as is, so it
 * still counts, all together. Parsing by ipaddr.js (zone ids, zero
 * compression and every textual form of RFC 4291 §2.2 and RFC 5952 agree).
 */
export function clientNetworkKey(address: string, ipv6Prefix = DEFAULT_IPV6_PREFIX): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.kind() === "ipv4") return parsed.toString();
  const prefix = Math.min(128, Math.max(0, Math.trunc(ipv6Prefix)));
  // The network address by masking bytes: the same with ipaddr.js 1.x (which
  // a bundled app may resolve, proxy-addr's) and 2.x.
  const bytes = parsed.toByteArray().map((byte, index) => {
    const bits = Math.min(8, Math.max(0, prefix - index * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}
