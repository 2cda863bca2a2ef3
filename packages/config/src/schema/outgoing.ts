import { z } from "zod";
import { duration, flag, positiveNumber, priority, stringList, wholeNumber } from "./primitives";

// Default attempt schedule across BullMQ attempts: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
const DEFAULT_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];

export const channelSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  enabled: flag.default(true),
  headers: z.record(z.string(), z.string()).default({}),
  /** Standard Webhooks signing secret ("whsec_…" base64, or any string). */
  secret: z.string().min(1).optional(),
  timeout: duration.optional(),
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
      /** Each failed probe doubles the cool-down, up to this. */
      max_cooldown: duration.prefault("30m"),
    })
    .prefault({}),
  /**
   * Deliveries of this channel in flight at once, per notifier replica.
   * Default: notifier.concurrency, half of the delivery worker's slots (it has twice that).
   */
  max_in_flight: wholeNumber.pipe(z.number().min(1)).optional(),
  /** Messages per second to this channel, shared by every replica; halved on a 429. None by default. */
  rate_limit: positiveNumber.optional(),
  /** Failing without one success for this long disables the channel (0: never). */
  disable_after: duration.prefault("5d"),
  /** A message older than this goes to the dead-letter queue, waits included. */
  max_age: duration.prefault("3d"),
});

export const outgoingSchema = z.object({
  /** Default per-request timeout for channels that set none. */
  timeout: duration.prefault(30),
  /** Hosts that may be reached over plain HTTP (local development, tests). */
  allow_http_hosts: stringList.default([]),
  /** Private, loopback or link-local addresses that may be reached. */
  allow_private_addresses: stringList.default([]),
  max_response_bytes: wholeNumber.default(64 * 1024),
  max_sockets_per_channel: wholeNumber.pipe(z.number().min(1)).default(50),
  channels: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), channelSchema).default({}),
});

export type ChannelConfig = z.infer<typeof channelSchema>;
export type OutgoingConfig = z.infer<typeof outgoingSchema>;
