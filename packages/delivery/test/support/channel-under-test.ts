import { loadConfig } from "@hookline/config";
import {
  createAddressPolicy,
  createChannelClient,
  DeliveryFailure,
  sendMessage,
  type TryRecord,
} from "@hookline/delivery";

const CHANNEL_DEFAULTS = { retries: "1", retry_delay: "50ms", timeout: "2s" };

/**
 * The channel "hook" at `url` as the notifier builds it from this YAML
 * (`outgoing:` keys, indented two spaces, and the channel's own keys,
 * indented six), by default with one in-attempt retry 50 ms later.
 */
export function channelUnderTest(url: string, outgoing = "", channel = "") {
  const defaults = Object.entries(CHANNEL_DEFAULTS)
    .filter(([key]) => !channel.includes(`${key}:`))
    .map(([key, value]) => `      ${key}: ${value}\n`)
    .join("");
  const config = loadConfig({
    env: {},
    role: "notifier",
    yaml: `outgoing:\n${outgoing}  channels:\n    hook:\n      url: ${url}\n${defaults}${channel}`,
  });
  const policy = createAddressPolicy({
    allowHttpHosts: config.outgoing.allow_http_hosts,
    allowPrivateAddresses: config.outgoing.allow_private_addresses,
    allowedPorts: config.outgoing.allowed_ports,
    proxy: config.outgoing.proxy,
  });
  const client = createChannelClient({
    channel: config.outgoing.channels.hook!,
    policy,
    defaultTimeoutMs: config.outgoing.timeout,
    maxSockets: 4,
  });
  const tries: TryRecord[] = [];
  return {
    config,
    tries,
    send: (target = url, message = { headers: {}, body: '{"type":"test.event"}' }) =>
      sendMessage(client, {
        url: target,
        ...message,
        policy,
        maxResponseBytes: 1024,
        onTry: (record) => tries.push(record),
      }),
    /** The DeliveryFailure a send ends in (fails the test if it succeeds). */
    failure: async (target = url): Promise<DeliveryFailure> => {
      const outcome = await sendMessage(client, {
        url: target,
        headers: {},
        body: "{}",
        policy,
        maxResponseBytes: 1024,
        onTry: (record) => tries.push(record),
      }).then(
        (delivered) => new Error(`delivered with ${delivered.statusCode}`),
        (error: unknown) => error,
      );
      if (!(outcome instanceof DeliveryFailure)) throw outcome;
      return outcome;
    },
  };
}
