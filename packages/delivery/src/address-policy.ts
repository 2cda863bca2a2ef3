import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

// Addresses a webhook must not reach unless configuration allows them by
// name: loopback, private networks, link-local (cloud metadata lives there),
// carrier-grade NAT, unspecified and unique-local IPv6.
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, "ipv6");
}

export class AddressPolicyError extends Error {
  readonly code = "ADDRESS_REFUSED";
}

export interface AddressPolicy {
  /** Throws unless the URL's scheme is allowed for its host. */
  checkUrl(url: URL): void;
  /** A dns.lookup for HTTP agents that refuses forbidden addresses after resolution. */
  lookup: typeof dnsLookup;
}

function isForbidden(address: string): boolean {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return FORBIDDEN.check(mapped[1]!, "ipv4");
  return FORBIDDEN.check(address, family);
}

export function createAddressPolicy(options: {
  allowHttpHosts: readonly string[];
  allowPrivateAddresses: readonly string[];
}): AddressPolicy {
  const httpHosts = new Set(options.allowHttpHosts.map((host) => host.toLowerCase()));
  const privateAllowed = new Set(options.allowPrivateAddresses);
  const refuse = (address: string) => isForbidden(address) && !privateAllowed.has(address);

  const lookup = ((
    hostname: string,
    lookupOptions: LookupOneOptions,
    callback: (...args: unknown[]) => void,
  ) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error);
      // Checked after resolution, so a public name pointing at 127.0.0.1 is refused too.
      const refused = addresses.find((entry) => refuse(entry.address));
      if (refused)
        return callback(
          new AddressPolicyError(
            `${hostname} resolves to ${refused.address}, a private address that is not allowed`,
          ),
        );
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  }) as unknown as typeof dnsLookup;

  return {
    checkUrl(url) {
      const host = url.hostname.replace(/^\[|\]$/g, "");
      const schemeAllowed =
        url.protocol === "https:" ||
        (url.protocol === "http:" && httpHosts.has(host.toLowerCase()));
      if (!schemeAllowed) {
        throw new AddressPolicyError(
          `${url.protocol}//${url.host} is not allowed: HTTPS only unless outgoing.allow_http_hosts names the host`,
        );
      }
      // Literal addresses never reach the resolver, so they are checked here.
      if (isIP(host) && refuse(host)) {
        throw new AddressPolicyError(
          `${host} is a private address that is not allowed (outgoing.allow_private_addresses)`,
        );
      }
    },
    lookup,
  };
}
