import { z } from "zod";
import { networkList, portRanges, proxyUrl } from "./outgoing-policy";
import { previousSecrets, refuseSharedSecrets, signingSecret } from "./signing-secret";
import { duration, flag, positiveNumber, priority, stringList, wholeNumber } from "./primitives";

// Default attempt schedule across BullMQ attempts: Standard Webhooks'
// example ("Deliverability and reliability": exponential, spanning multiple
// days) up to 20 h: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, so the
// last attempt comes about 2 days 3 h after the first.
const DEFAULT_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000];

export const channelSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  enabled: flag.default(true),
  headers: z.record(z.string(), z.string()).default({}),
  /** Standard Webhooks signing secret ("whsec_…" base64, or any string), 24–64 key bytes. */
  secret: signingSecret.optional(),
  /** Secrets being rotated out, also signed with until receivers have the new one. */
  previous_secrets: previousSecrets.default([]),
  timeout: duration.optional(),
  /** This channel's own exceptions to the public-address rule: addresses or CIDR ranges. */
  allow_private_addresses: networkList.default([]),
  /** Retries inside one attempt (axios-retry). */
  retries: wholeNumber.default(3),
  retry_delay: duration.prefault(1),
  backoff_factor: positiveNumber.default(2),
  /** Delays between BullMQ attempts; its length + 1 is the number of attempts. */
  retry_schedule: z.array(duration).prefault(DEFAULT_SCHEDULE),
  /**
   * Longest wait a receiver's Retry-After (on 429/503) may impose before the
   * next request to the channel; such waits spend no attempt of retry_schedule.
   */
  retry_after_max: duration.prefault(3600),
  events: stringList.default(["*"]),
  min_priority: priority.default("low"),
  batch_size: wholeNumber.pipe(z.number().min(1)).default(1),
  flush_interval: duration.prefault(60),
  circuit_breaker: z
    .object({
      failure_threshold: wholeNumber.pipe(z.number().min(1)).default(5),
      cooldown: duration.prefault(60),
    })
    .prefault({}),
});

export const outgoingSchema = z
  .object({
    /** Default per-request timeout for channels that set none. */
    timeout: duration.prefault(30),
    /** Hosts that may be reached over plain HTTP (local development, tests). */
    allow_http_hosts: stringList.default([]),
    /** Addresses or CIDR ranges that may be reached although not global unicast (loopback, private, …). */
    allow_private_addresses: networkList.default([]),
    /** Destination ports (and ranges) allowed; 80 is also allowed for allow_http_hosts. */
    allowed_ports: portRanges.default([{ from: 443, to: 443 }]),
    /** A forward proxy for every delivery (CONNECT to the checked address); never taken from HTTP(S)_PROXY. */
    proxy: proxyUrl.optional(),
    max_response_bytes: wholeNumber.default(64 * 1024),
    max_sockets_per_channel: wholeNumber.pipe(z.number().min(1)).default(50),
    channels: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), channelSchema).default({}),
  })
  .superRefine((outgoing, ctx) => refuseSharedSecrets(outgoing.channels, ctx));

export type ChannelConfig = z.infer<typeof channelSchema>;
export type OutgoingConfig = z.infer<typeof outgoingSchema>;
