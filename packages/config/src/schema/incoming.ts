import { z } from "zod";
import { duration, flag, stringList, wholeNumber } from "./primitives";

const MEBIBYTE = 1024 * 1024;

/** A webhook source other than GitHub (POST /webhooks/:source). */
export const customSourceSchema = z.object({
  secrets: stringList.default([]),
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
  signature_header: z
    .string()
    .min(1)
    .default("x-signature-256")
    .transform((name) => name.toLowerCase()),
  signature_encoding: z.enum(["hex", "base64"]).default("hex"),
  /** Text before the digest in the header, e.g. "sha256=". */
  signature_prefix: z.string().default(""),
  /** Header naming the event type; without it the event is the source name. */
  event_header: z
    .string()
    .transform((name) => name.toLowerCase())
    .optional(),
  /** Header carrying a unique delivery id used for deduplication. */
  delivery_header: z
    .string()
    .transform((name) => name.toLowerCase())
    .optional(),
  rate_limit: wholeNumber.optional(),
  verified_rate_limit: wholeNumber.optional(),
});

export const incomingSchema = z.object({
  signature_required: flag.default(true),
  /**
   * Refused requests (failed verification, malformed: 400/401/404/415) per
   * minute per client address and source; past it that address gets 429.
   * Requests with a valid signature are never counted. 0 turns it off.
   */
  rate_limit: wholeNumber.default(100),
  /**
   * Opt-in budget of verified deliveries per minute per client address and
   * source; past it they get 429 and GitHub does NOT redeliver them: events
   * are dropped. 0 (the default) turns it off.
   */
  verified_rate_limit: wholeNumber.default(0),
  max_body_bytes: wholeNumber.default(25 * MEBIBYTE),
  /** How long a delivery id is remembered for answering `duplicate`. */
  dedupe_ttl: duration.prefault(72 * 3600),
  github: z.object({ secrets: stringList.default([]) }).prefault({}),
  sources: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), customSourceSchema).default({}),
  /** Bearer tokens accepted by POST /events. */
  events_api: z.object({ tokens: stringList.default([]) }).prefault({}),
});

export type IncomingConfig = z.infer<typeof incomingSchema>;
export type CustomSourceConfig = z.infer<typeof customSourceSchema>;
