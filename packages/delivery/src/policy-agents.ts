import { Agent as HttpAgent, type AgentOptions, type ClientRequestArgs } from "node:http";
import { Agent as HttpsAgent, type RequestOptions } from "node:https";
import type { LookupAddress } from "node:dns";
import { connect as netConnect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { AddressPolicy } from "./address-policy";
import { openTunnel } from "./proxy-tunnel";

type ConnectOptions = Pick<ClientRequestArgs, "host" | "port">;
// Node's Agent always passes this callback: createSocket() hands createConnection its `oncreate`.
type Created = (error: Error | null, socket: Duplex) => void;

export interface PolicyAgentSettings {
  maxSockets: number;
  /** Bound on resolving the destination and opening a proxy tunnel, in ms. */
  connectTimeoutMs: number;
}

/**
 * Resolves and checks the destination, then opens the raw connection: to the
 * checked address directly, or through a CONNECT tunnel to that address when
 * the policy names a proxy. The policy decides here, at the socket, so a
 * literal address, a name, a retry and a proxy all meet the same check.
 */
async function checkedSocket(
  policy: AddressPolicy,
  settings: PolicyAgentSettings,
  options: ConnectOptions,
  defaultPort: number,
): Promise<Socket> {
  const port = Number(options.port || defaultPort);
  let timer: NodeJS.Timeout | undefined;
  const slowResolver = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          Object.assign(new Error(`resolving ${options.host} timed out`), { code: "ETIMEDOUT" }),
        ),
      settings.connectTimeoutMs,
    );
  });
  const host = String(options.host ?? "localhost");
  const addresses = await Promise.race([policy.resolve(host), slowResolver]).finally(() =>
    clearTimeout(timer),
  );
  if (policy.proxy) {
    // One address for the proxy to reach: IPv4 first, which every proxy can.
    const target = addresses.find((entry) => entry.family === 4) ?? addresses[0]!;
    return openTunnel(policy.proxy, target.address, port, settings.connectTimeoutMs);
  }
  // Node's happy eyeballs (autoSelectFamily) over the checked addresses only:
  // the lookup hands back what the policy resolved, never a fresh answer.
  return netConnect({
    host,
    port,
    autoSelectFamily: true,
    lookup: (_name, lookupOptions, callback) =>
      (lookupOptions as { all?: boolean }).all
        ? (callback as (error: null, list: LookupAddress[]) => void)(null, addresses)
        : callback(null, addresses[0]!.address, addresses[0]!.family),
  });
}

class PolicyHttpAgent extends HttpAgent {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly settings: PolicyAgentSettings,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: ClientRequestArgs, created?: Created): undefined {
    checkedSocket(this.policy, this.settings, options, 80).then(
      (socket) => created!(null, socket),
      (error: Error) => created!(error, undefined as never),
    );
    return undefined;
  }
}

class PolicyHttpsAgent extends HttpsAgent {
  constructor(
    private readonly policy: AddressPolicy,
    private readonly settings: PolicyAgentSettings,
    options: AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: RequestOptions, created?: Created): undefined {
    checkedSocket(this.policy, this.settings, options, 443).then(
      (socket) => {
        // https.Agent's own TLS connect (session cache included), over the
        // checked socket; the certificate is checked against the URL's host
        // name (servername), never against the address.
        created!(null, super.createConnection({ ...options, socket } as RequestOptions)!);
      },
      (error: Error) => created!(error, undefined as never),
    );
    return undefined;
  }
}

/**
 * Keep-alive http and https agents whose every connection goes through the
 * address policy (see checkedSocket); no environment proxy is ever used.
 * Pass them to axios with `proxy: false`, which stops axios reading
 * HTTP_PROXY / HTTPS_PROXY / ALL_PROXY itself.
 */
export function createPolicyAgents(policy: AddressPolicy, settings: PolicyAgentSettings) {
  const options: AgentOptions = { keepAlive: true, maxSockets: settings.maxSockets };
  return {
    httpAgent: new PolicyHttpAgent(policy, settings, options),
    httpsAgent: new PolicyHttpsAgent(policy, settings, options),
  };
}
