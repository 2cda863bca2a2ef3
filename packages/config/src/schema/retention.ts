import { z } from "zod";
import { duration, wholeNumber } from "./primitives";

/**
 * How long GitHub keeps a hook's deliveries for redelivery: "You can only
 * redeliver deliveries made in the past 3 days" (GitHub docs, "Redelivering
 * webhooks"). The sweeper can ask for a delivery that old again, so the
 * ledger that says "already applied" must outlive it plus the dedupe window.
 */
export const GITHUB_REDELIVERY_WINDOW_MS = 3 * 86_400_000;

/**
 * Retention windows per kind of stored row, enforced by the sweeper's
 * retention run (batched deletes, oldest first). Every table has one.
 */
export const retentionSchema = z.object({
  /** webhook_deliveries (the ledger, with each delivery's outbox): at least 3 days + incoming.dedupe_ttl. */
  deliveries: duration.prefault("7d"),
  /** delivery_attempts: every outgoing HTTP request and its answer. */
  attempts: duration.prefault("30d"),
  /** github_redelivery_requests and github_refused_deliveries: GitHub forgets deliveries after 3 days. */
  redelivery_requests: duration.prefault("7d"),
  /** pull_request_events: each pull request's history. */
  history: duration.prefault("90d"),
  /** audit_log: who retried, replayed or cleaned what. */
  audit: duration.prefault("365d"),
  /** How often the sweeper runs retention (one replica at a time). */
  interval: duration.prefault("1h"),
  /** Rows deleted per statement: each batch is one short transaction. */
  batch_size: wholeNumber.pipe(z.number().min(1)).default(1000),
});

export type RetentionConfig = z.infer<typeof retentionSchema>;

/** The problems of a retention section beside its dedupe window, in config-error form. */
export function retentionProblems(retention: RetentionConfig, dedupeTtlMs: number): string[] {
  const minimum = GITHUB_REDELIVERY_WINDOW_MS + dedupeTtlMs;
  if (retention.deliveries >= minimum) return [];
  return [
    `retention.deliveries: must be at least GitHub's redelivery window (3 days) plus incoming.dedupe_ttl ` +
      `(${Math.ceil(minimum / 3_600_000)}h), or a redelivery of an applied delivery would be applied again`,
  ];
}
