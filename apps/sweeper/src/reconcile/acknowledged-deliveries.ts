import { isHandledEvent } from "@hookline/github";
import type { HookDelivery } from "@hookline/github-rest";
import { newer, type FailedDelivery } from "../sweep/failed-deliveries";

// The ingest answers 202 only once the job is in Redis; 200 means ignored
// (an event the worker has nothing to do with) or duplicate (held earlier
// under its first 202). docs/github.md, "Ingest answers".
const QUEUED = 202;

/**
 * GUIDs of handled events that GitHub saw hookline acknowledge (a row with
 * status "OK" and code 202, "queued") whose newest attempt is at or after
 * `since`, oldest first; `latest` is the GUID's
 * newest attempt, whose id a redelivery request names.
 *
 * These are the deliveries a Redis that lost its last writes (an OS crash
 * before fsync, a failover to a replica that had not caught up) drops
 * silently: GitHub recorded them delivered and never offers them again.
 * The caller keeps those hookline does not hold.
 */
export function acknowledgedDeliveries(
  rows: readonly HookDelivery[],
  since: Date,
): FailedDelivery[] {
  const byGuid = new Map<string, { latest: HookDelivery; acknowledged: boolean }>();
  for (const row of rows) {
    const ok = row.status === "OK" && row.status_code === QUEUED;
    const seen = byGuid.get(row.guid);
    if (!seen) byGuid.set(row.guid, { latest: row, acknowledged: ok });
    else {
      if (newer(row, seen.latest)) seen.latest = row;
      seen.acknowledged ||= ok;
    }
  }
  const acknowledged: FailedDelivery[] = [];
  for (const [guid, { latest, acknowledged: ok }] of byGuid)
    // The window is tested on the newest attempt, as for failed GUIDs: the
    // cursor stops at an unsettled GUID's newest attempt, which must keep
    // the GUID in the next window even when its 202 was earlier.
    if (
      ok &&
      Date.parse(latest.delivered_at) >= since.getTime() &&
      isHandledEvent(latest.event, latest.action)
    )
      acknowledged.push({ guid, latest });
  return acknowledged.sort((a, b) => (newer(a.latest, b.latest) ? 1 : -1));
}
