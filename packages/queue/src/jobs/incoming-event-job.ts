import { z } from "zod";
import { toJobId } from "./job-id";

/** BullMQ job name for events from GitHub; custom sources use their source name. */
export const GITHUB_SOURCE = "github" as const;

// Delivery ids become BullMQ job ids (through toJobId) and Redis key parts:
// BullMQ refuses colon-containing custom ids, so the charset is fixed.
export const DELIVERY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const incomingEventJobSchema = z.object({
  source: z.string().min(1),
  deliveryId: z.string().regex(DELIVERY_ID_PATTERN),
  /** GitHub's X-GitHub-Event (or the custom source's event header). */
  event: z.string().min(1),
  action: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  /**
   * The JSON document exactly as the sender signed it (form bodies decoded
   * from their `payload` field). Kept as text so the worker sees the same
   * bytes that were verified, and the ingest never re-serialises 8 KB objects.
   */
  body: z.string(),
});

export type IncomingEventJob = z.infer<typeof incomingEventJobSchema>;

/**
 * Between a custom source's name and its delivery id in a delivery key. It can
 * appear in neither (source names are `[a-z0-9][a-z0-9_-]*`, delivery ids
 * DELIVERY_ID_PATTERN), so no key of one source equals a GitHub delivery id
 * or another source's key; and BullMQ takes it in a custom job id (it
 * refuses ":"), where it also keeps the key from ever being all digits.
 */
export const DELIVERY_KEY_SEPARATOR = "~";

/**
 * The delivery's key across sources, as the worker records it (ledger
 * `delivery_id`) and the ingest dedupes it: the delivery id itself for
 * GitHub, `<source>~<delivery id>` for custom sources.
 */
export function deliveryKey(source: string, deliveryId: string): string {
  return source === GITHUB_SOURCE ? deliveryId : `${source}${DELIVERY_KEY_SEPARATOR}${deliveryId}`;
}

/** The BullMQ job id of a delivery: its key through `toJobId`. */
export function incomingEventJobId(source: string, deliveryId: string): string {
  return toJobId(deliveryKey(source, deliveryId));
}
