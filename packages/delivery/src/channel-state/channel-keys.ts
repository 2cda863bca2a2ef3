/**
 * The Redis keys of one channel's shared state, under the queue prefix (its
 * hash tag keeps them in the queues' slot on a Redis Cluster):
 * - `circuit:<channel>`: hash — circuit state, Retry-After quiet time, rate
 *   factor and schedule, failing-since, disabled flag, last success/failure;
 * - `parked:<channel>`: sorted set — delivery job ids waiting in the delayed
 *   set for this channel (circuit, Retry-After, backoff, disabled), scored by
 *   when they wake; woken early when the circuit closes or the channel is enabled;
 * - `rate:<channel>`: sorted set — job ids holding a reserved send time;
 * - `inflight`: hash — `<replica>|<channel>` → `<count>|<written at ms>`;
 * - `channels`: hash — channel name → what the Channels page shows of its configuration.
 * Each set holds only jobs that wait now (entries past their time are trimmed).
 */
export function channelKeys(prefix: string, channel: string) {
  return {
    state: `${prefix}:circuit:${channel}`,
    parked: `${prefix}:parked:${channel}`,
    reserved: `${prefix}:rate:${channel}`,
  };
}

export const inFlightKey = (prefix: string) => `${prefix}:inflight`;

export const channelRegistryKey = (prefix: string) => `${prefix}:channels`;
