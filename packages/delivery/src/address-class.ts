import { isIP } from "node:net";
import ipaddr, { type IPv4, type IPv6 } from "ipaddr.js";

// Global unicast IPv6 lives in 2000::/3 (RFC 4291 §2.4, IANA "IPv6 Global
// Unicast Address Assignments"); ipaddr.js names the special ranges inside it.
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3") as [IPv6, number];
// 64:ff9b::/96 is the well-known NAT64 prefix, globally reachable per the IANA
// special-purpose registry; 64:ff9b:1::/48 (RFC 8215) is for local use only.
const NAT64_WELL_KNOWN = ipaddr.parseCIDR("64:ff9b::/96") as [IPv6, number];
// RFC 4291 §2.5.5.1: the deprecated "IPv4-compatible" form ::a.b.c.d.
const IPV4_COMPATIBLE = ipaddr.parseCIDR("::/96") as [IPv6, number];

function ipv4FromWords(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * The IPv4 addresses an IPv6 address carries, for the forms that lead to
 * them: IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96,
 * RFC 6145), IPv4-compatible (::/96), NAT64 (64:ff9b::/96 and
 * 64:ff9b:1::/48, RFC 6052/8215, /96 layout), 6to4 (2002::/16, RFC 3056:
 * bits 16–47) and Teredo (2001::/32, RFC 4380: the server in bits 32–63,
 * the client in the last 32 bits, inverted). Empty for any other address.
 */
export function embeddedIPv4(address: IPv6): IPv4[] {
  const words = address.parts;
  switch (address.range()) {
    case "ipv4Mapped":
    case "rfc6145":
    case "rfc6052":
      return [ipv4FromWords(words[6]!, words[7]!)];
    case "6to4":
      return [ipv4FromWords(words[1]!, words[2]!)];
    case "teredo":
      return [
        ipv4FromWords(words[2]!, words[3]!),
        ipv4FromWords(words[6]! ^ 0xffff, words[7]! ^ 0xffff),
      ];
    case "unicast":
      return address.match(IPV4_COMPATIBLE) ? [ipv4FromWords(words[6]!, words[7]!)] : [];
    default:
      return [];
  }
}

/**
 * The WHATWG serialisation of an IPv6 literal (zone id dropped), as Node's
 * resolver and sockets use it: ipaddr.js reads any dotted tail as
 * IPv4-mapped, so "::8.8.8.8" (IPv4-compatible) must reach it as "::808:808".
 */
function canonical(address: string): string {
  const bare = address.replace(/%.*$/, "");
  return isIP(bare) === 6 ? new URL(`http://[${bare}]/`).hostname.slice(1, -1) : address;
}

function ipv4Refusal(address: IPv4): string | null {
  // ipaddr.js's IPv4 ranges: unspecified, broadcast, multicast, linkLocal,
  // loopback, carrierGradeNat, private, reserved (IETF assignments,
  // documentation, benchmarking 198.18.0.0/15, 240.0.0.0/4), as112, amt.
  const range = address.range();
  return range === "unicast" ? null : range;
}

/**
 * Why `address` (an IPv4 or IPv6 literal, zone ids allowed) is not a global
 * unicast destination, e.g. "loopback" or "6to4 embedding 127.0.0.1
 * (loopback)"; null when it is one. Throws on a string that is no address.
 */
export function nonGlobalReason(address: string): string | null {
  const parsed = ipaddr.parse(canonical(address));
  if (parsed.kind() === "ipv4") return ipv4Refusal(parsed as IPv4);
  const v6 = parsed as IPv6;
  const range = v6.range();
  for (const inner of embeddedIPv4(v6)) {
    const refusal = ipv4Refusal(inner);
    if (refusal) return `${range} embedding ${inner.toString()} (${refusal})`;
  }
  // Forms that reach a global IPv4 address, now checked: the mapped one is how
  // Node writes IPv4 on a dual-stack socket, NAT64's well-known prefix is
  // translated to it, 6to4 and Teredo relay to it.
  if (range === "ipv4Mapped" || range === "6to4" || range === "teredo") return null;
  if (range === "rfc6052") return v6.match(NAT64_WELL_KNOWN) ? null : "local-use NAT64 (RFC 8215)";
  if (range !== "unicast") return range;
  if (!v6.match(GLOBAL_UNICAST_V6)) {
    return v6.match(IPV4_COMPATIBLE) ? "IPv4-compatible (deprecated)" : "outside 2000::/3";
  }
  return null;
}

/** True when `address` is inside one of the parsed networks (IPv4-mapped IPv6 compared as IPv4). */
export function inNetworks(address: string, networks: readonly [IPv4 | IPv6, number][]): boolean {
  const parsed = ipaddr.process(canonical(address));
  return networks.some(
    ([network, prefix]) => network.kind() === parsed.kind() && parsed.match(network, prefix),
  );
}

/** "10.0.0.0/8", "fd00::/8" or a single address; throws a readable error for anything else. */
export function parseNetwork(entry: string): [IPv4 | IPv6, number] {
  if (entry.includes("/")) return ipaddr.parseCIDR(entry);
  if (!ipaddr.isValid(entry)) throw new Error(`"${entry}" is neither an address nor a CIDR range`);
  const address = ipaddr.process(entry);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}
