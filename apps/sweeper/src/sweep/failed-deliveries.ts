import { isHandledEvent } from "@hookline/github";
import type { HookDelivery } from "@hookline/github-rest";

/** A GUID none of whose attempts GitHub saw succeed; `latest` is its newest attempt. */
export interface FailedDelivery {
  guid: string;
  latest: HookDelivery;
}

export interface FailedDeliveries {
  /** Oldest first, so redeliveries go out in the order GitHub first tried them. */
  failed: FailedDelivery[];
  /**
   * GUIDs whose newest attempt hookline answered with a permanent 4xx (bad
   * signature after a secret rotation, malformed body, too large): asking
   * again brings the same answer, so they are recorded, not re-requested.
   */
  refused: FailedDelivery[];
  /** Failed GUIDs of events hookline does not handle: the ingest would only answer `ignored`. */
  unhandled: number;
}

// delivered_at has one-second resolution; ids grow with time and break ties.
export function newer(a: HookDelivery, b: HookDelivery): boolean {
  const difference = Date.parse(a.delivered_at) - Date.parse(b.delivered_at);
  return difference === 0 ? a.id > b.id : difference > 0;
}

/**
 * A 4xx hookline gives for a reason a redelivery does not change. 408 and
 * 429 are about timing (the ingest's rate limit answers 429 with
 * Retry-After), so they stay worth a redelivery. See docs/github.md,
 * "Ingest answers".
 */
export function isPermanentRefusal(statusCode: number): boolean {
  return statusCode >= 400 && statusCode < 500 && statusCode !== 408 && statusCode !== 429;
}

/**
 * Groups GitHub's rows by GUID (a redelivery is a new row with the same
 * GUID) and keeps the GUIDs with no "OK" row whose newest attempt is at or
 * after `since`. `status` is tested directly: GitHub's `status=failure`
 * filter misses rows that never got an HTTP answer (timeouts, refused
 * connections). A GUID hookline refused permanently goes to `refused`.
 */
export function failedDeliveries(rows: readonly HookDelivery[], since: Date): FailedDeliveries {
  const byGuid = new Map<string, HookDelivery[]>();
  for (const row of rows) {
    const attempts = byGuid.get(row.guid);
    if (attempts) attempts.push(row);
    else byGuid.set(row.guid, [row]);
  }
  const failed: FailedDelivery[] = [];
  const refused: FailedDelivery[] = [];
  let unhandled = 0;
  for (const [guid, attempts] of byGuid) {
    if (attempts.some((attempt) => attempt.status === "OK")) continue;
    const latest = attempts.reduce((a, b) => (newer(b, a) ? b : a));
    if (Date.parse(latest.delivered_at) < since.getTime()) continue;
    if (!isHandledEvent(latest.event, latest.action)) {
      unhandled += 1;
      continue;
    }
    if (isPermanentRefusal(latest.status_code)) refused.push({ guid, latest });
    else failed.push({ guid, latest });
  }
  failed.sort((a, b) => (newer(a.latest, b.latest) ? 1 : -1));
  return { failed, refused, unhandled };
}
