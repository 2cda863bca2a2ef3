import { lookup as dnsLookup, type LookupAddress, type LookupOneOptions } from "node:dns";
import { isIP } from "node:net";
import type { IPv4, IPv6 } from "ipaddr.js";
import { inNetworks, nonGlobalReason, parseNetwork } from "./address-class";

export class AddressPolicyError extends Error {
  readonly code = "ADDRESS_REFUSED";
}

/** Inclusive range of TCP ports. */
export interface PortRange {
  from: number;
  to: number;
}

export interface AddressPolicyOptions {
  /** Hosts that may be reached over plain HTTP (and then on port 80 too). */
  allowHttpHosts: readonly string[];
  /** Addresses or CIDR ranges reachable although not global unicast (loopback, private, …). */
  allowPrivateAddresses: readonly string[];
  /** Destination ports allowed for every URL; default 443 only. */
  allowedPorts?: readonly PortRange[];
  /** An explicitly configured HTTP proxy (http://[user:pass@]host:port); none by default. */
  proxy?: string | null;
}

export interface AddressPolicy {
  /** Throws AddressPolicyError unless the URL's scheme and port are allowed. */
  checkUrl(url: URL): void;
  /**
   * Resolves `host` (a name or an address literal, brackets allowed) to the
   * addresses that may be connected to, in resolver order. Every resolved
   * address must be global unicast or explicitly allowed, else
   * AddressPolicyError: a name with one private record among public ones is
   * refused. `family` 4 or 6 resolves that family only.
   */
  resolve(host: string, family?: number): Promise<LookupAddress[]>;
  /** A dns.lookup with the same rule, for code that only takes a lookup. */
  lookup: typeof dnsLookup;
  /** The same policy, also allowing these addresses or CIDR ranges (a channel's own exceptions). */
  withAllowed(extra: readonly string[]): AddressPolicy;
  /** The configured proxy, or null: environment variables never set one. */
  readonly proxy: URL | null;
}

const DEFAULT_PORTS: readonly PortRange[] = [{ from: 443, to: 443 }];

function defaultPort(url: URL): number {
  return url.protocol === "http:" ? 80 : 443;
}

function resolveAll(hostname: string, family = 0): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, family }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );
}

/**
 * The outgoing destination policy: HTTPS only unless a host is named in
 * allowHttpHosts; ports from allowedPorts (443 by default, and 80 for a host
 * allowed plain HTTP); addresses global unicast only, after DNS resolution,
 * with IPv4 embedded in IPv6 forms decoded (see address-class.ts), unless
 * allowPrivateAddresses (or a channel's withAllowed) lists them.
 * Throws at creation for a malformed allowed address or proxy URL.
 */
export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const httpHosts = new Set(options.allowHttpHosts.map((host) => host.toLowerCase()));
  const ports = options.allowedPorts ?? DEFAULT_PORTS;
  const proxy = options.proxy ? new URL(options.proxy) : null;
  if (proxy && proxy.protocol !== "http:") {
    throw new Error(`outgoing.proxy must be an http:// URL, not ${proxy.protocol}`);
  }
  const build = (networks: [IPv4 | IPv6, number][]): AddressPolicy => {
    const refusal = (address: string) =>
      inNetworks(address, networks) ? null : nonGlobalReason(address);
    const resolve = async (host: string, family?: number) => {
      const bare = host.replace(/^\[|\]$/g, "");
      const addresses = isIP(bare)
        ? [{ address: bare, family: isIP(bare) }]
        : await resolveAll(bare, family === 4 || family === 6 ? family : 0);
      for (const entry of addresses) {
        const reason = refusal(entry.address);
        if (reason) {
          const shown =
            entry.address === bare ? bare : `${bare} resolves to ${entry.address}, which`;
          throw new AddressPolicyError(
            `${shown} is not a public address (${reason}); outgoing.allow_private_addresses can allow it`,
          );
        }
      }
      if (addresses.length === 0) throw new AddressPolicyError(`${bare} resolves to no address`);
      return addresses;
    };
    const lookup = ((
      hostname: string,
      lookupOptions: LookupOneOptions & { all?: boolean },
      callback: (...args: unknown[]) => void,
    ) => {
      const family = { IPv4: 4, IPv6: 6 }[String(lookupOptions.family)] ?? lookupOptions.family;
      resolve(hostname, Number(family) || 0).then(
        (addresses) =>
          lookupOptions.all
            ? callback(null, addresses)
            : callback(null, addresses[0]!.address, addresses[0]!.family),
        (error: unknown) => callback(error),
      );
    }) as unknown as typeof dnsLookup;
    const self: AddressPolicy = {
      checkUrl(url) {
        const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
        const plainHttpAllowed = url.protocol === "http:" && httpHosts.has(host);
        if (url.protocol !== "https:" && !plainHttpAllowed) {
          throw new AddressPolicyError(
            `${url.protocol}//${url.host} is not allowed: HTTPS only unless outgoing.allow_http_hosts names the host`,
          );
        }
        const port = url.port === "" ? defaultPort(url) : Number(url.port);
        const portAllowed =
          (plainHttpAllowed && port === 80) ||
          ports.some((range) => port >= range.from && port <= range.to);
        if (!portAllowed) {
          throw new AddressPolicyError(
            `port ${port} of ${url.host} is not allowed (outgoing.allowed_ports)`,
          );
        }
      },
      resolve,
      lookup,
      withAllowed: (extra) =>
        extra.length === 0 ? self : build([...networks, ...extra.map(parseNetwork)]),
      proxy,
    };
    return self;
  };
  return build(options.allowPrivateAddresses.map(parseNetwork));
}
