import type { Config } from "@hookline/config";
import {
  hookKey,
  listDeliveries,
  requestRedelivery,
  type GithubClient,
  type HookDelivery,
  type HookTarget,
} from "@hookline/github-rest";
import type { Logger } from "@hookline/observability";
import { acknowledgedDeliveries } from "../reconcile/acknowledged-deliveries";
import type { AcceptedLookup } from "../support/accepted-deliveries";
import type { SweeperMetrics } from "../sweeper-metrics";
import { failedDeliveries, newer, type FailedDelivery } from "./failed-deliveries";
import type { RedeliveryRequest, SweepStore } from "./sweep-store";

export interface SweepHookDeps {
  settings: Config["github"]["sweep"];
  store: SweepStore;
  accepted: AcceptedLookup;
  metrics: SweeperMetrics;
  logger: Logger;
  /** The host's clock: only for how long a request has been pending, never compared with GitHub's times. */
  now: () => Date;
}

/** What one sweep of one hook found and did. */
export interface HookSweepReport {
  hook: string;
  /** Rows GitHub listed (every attempt, redeliveries included). */
  listed: number;
  /** Failed GUIDs of handled events hookline has not accepted. */
  failed: number;
  /** GUIDs GitHub saw hookline acknowledge (202) that hookline no longer holds: lost after the answer. */
  missing: number;
  requested: number;
  /** Failed on GitHub's side but accepted by hookline (e.g. a manual redelivery, or a timeout after 202). */
  alreadyStored: number;
  /** Asked for earlier; GitHub has not attempted them yet. */
  pending: number;
  /** Left for the next run by max_redeliveries or a refused request. */
  leftOver: number;
  unhandled: number;
  /** GUIDs hookline refused permanently (4xx) seen for the first time: recorded, reported once, not re-requested. */
  refused: string[];
  /** Where the next sweep starts, in GitHub's time (ISO 8601). */
  cursor: string;
}

/** A GUID to ask for again, and why. */
interface Candidate extends FailedDelivery {
  reason: "failed" | "missing";
}

function requestStillPending(
  request: RedeliveryRequest | undefined,
  latest: HookDelivery,
  now: Date,
  timeoutMs: number,
): boolean {
  if (!request) return false;
  // GitHub records a redelivery's attempt as a new row with a higher id
  // (delivered_at has one-second resolution, too coarse to tell).
  return (
    latest.id <= request.githubDeliveryId &&
    now.getTime() - request.requestedAt.getTime() < timeoutMs
  );
}

/**
 * One hook: list deliveries back to the cursor (minus the overlap), find
 * the GUIDs hookline does not hold — failed ones, and ones GitHub saw
 * acknowledged that hookline lost after its 202 — and ask GitHub to
 * redeliver them (at most max_redeliveries together, each once, each
 * re-checked just before asking). GUIDs hookline refused permanently are
 * recorded, not asked for. The cursor moves to the oldest GUID still
 * unsettled, or to GitHub's time when the listing started (its `Date`
 * header): every window is in GitHub's clock, so a host clock ahead or
 * behind hides nothing. Throws when GitHub cannot be listed; the cursor
 * then stays where it was.
 */
export async function sweepHook(
  deps: SweepHookDeps,
  client: GithubClient,
  hook: HookTarget,
): Promise<HookSweepReport> {
  const key = hookKey(hook);
  const startedAt = deps.now();
  const storedCursor = await deps.store.cursor(key);
  let githubNow: Date | undefined;
  let since: Date | undefined;
  const sinceFrom = (githubTime: Date | undefined) => {
    githubNow = githubTime;
    const cursor =
      storedCursor ?? new Date((githubTime ?? startedAt).getTime() - deps.settings.look_back);
    since = new Date(cursor.getTime() - deps.settings.overlap);
    return since;
  };

  const rows: HookDelivery[] = [];
  for await (const page of listDeliveries(client, hook, sinceFrom)) rows.push(...page.rows);
  since ??= sinceFrom(undefined);
  const { failed, refused, unhandled } = failedDeliveries(rows, since);
  const acknowledged = acknowledgedDeliveries(rows, since);
  const held = await deps.accepted([...failed, ...acknowledged].map((delivery) => delivery.guid));
  const notStored = failed.filter((delivery) => !held.has(delivery.guid));
  const missing = acknowledged.filter((delivery) => !held.has(delivery.guid));
  deps.metrics.failedSeen.inc({ hook: key }, notStored.length);

  const newlyRefused = await deps.store.recordRefused(
    key,
    refused.filter((delivery) => !held.has(delivery.guid)).map((delivery) => delivery.latest),
  );
  deps.metrics.refused.inc({ hook: key }, newlyRefused.length);

  const candidates: Candidate[] = [
    ...notStored.map((delivery) => ({ ...delivery, reason: "failed" as const })),
    ...missing.map((delivery) => ({ ...delivery, reason: "missing" as const })),
  ].sort((a, b) => (newer(a.latest, b.latest) ? 1 : -1));
  const requests = await deps.store.requests(
    key,
    candidates.map((delivery) => delivery.guid),
  );
  deps.metrics.acknowledgedMissing.inc(
    { hook: key },
    missing.filter((delivery) => !requests.has(delivery.guid)).length,
  );
  const unsettled: Candidate[] = [];
  const report: HookSweepReport = {
    hook: key,
    listed: rows.length,
    failed: notStored.length,
    missing: missing.length,
    requested: 0,
    alreadyStored: failed.length - notStored.length,
    pending: 0,
    leftOver: 0,
    unhandled,
    refused: newlyRefused,
    cursor: "",
  };
  let asked = 0;
  for (const delivery of candidates) {
    unsettled.push(delivery);
    if (
      requestStillPending(
        requests.get(delivery.guid),
        delivery.latest,
        startedAt,
        deps.settings.pending_timeout,
      )
    ) {
      report.pending += 1;
      continue;
    }
    if (asked >= deps.settings.max_redeliveries) {
      report.leftOver += 1;
      continue;
    }
    // Requests go out a second apart: one stored meanwhile (a manual
    // redelivery, a retry by the sender, the worker applying a queued job)
    // is not asked for again.
    if ((await deps.accepted([delivery.guid])).has(delivery.guid)) {
      unsettled.pop();
      if (delivery.reason === "failed") {
        report.alreadyStored += 1;
        report.failed -= 1;
      } else report.missing -= 1;
      continue;
    }
    asked += 1;
    try {
      await requestRedelivery(client, hook, delivery.latest.id);
    } catch (error) {
      const status = (error as { status?: number }).status;
      // A refusal of one delivery (gone, 404; not redeliverable, 422) leaves
      // the rest to do; anything else means GitHub is not answering.
      if (status !== 404 && status !== 422) throw error;
      report.leftOver += 1;
      deps.logger.warn("redelivery refused", { hook: key, delivery_id: delivery.guid, status });
      continue;
    }
    await deps.store.recordRequest(key, delivery.guid, delivery.latest.id, deps.now());
    deps.metrics.redeliveriesRequested.inc({ hook: key });
    report.requested += 1;
    deps.logger.info("redelivery requested", {
      hook: key,
      delivery_id: delivery.guid,
      github_delivery_id: delivery.latest.id,
      event_type: delivery.latest.event,
      reason: delivery.reason,
      latest_status: delivery.latest.status,
    });
  }

  // GitHub's time throughout: the oldest unsettled GUID's delivered_at, else
  // the listing's Date header, else its newest delivered_at; the host's
  // clock only when GitHub gave neither (an empty listing without a Date).
  const newestListed = rows.reduce<HookDelivery | undefined>(
    (a, b) => (!a || newer(b, a) ? b : a),
    undefined,
  );
  const oldestUnsettled = unsettled[0]?.latest.delivered_at;
  const nextCursor = oldestUnsettled
    ? new Date(oldestUnsettled)
    : (githubNow ??
      (newestListed ? new Date(newestListed.delivered_at) : (storedCursor ?? startedAt)));
  report.cursor = nextCursor.toISOString();
  const finishedAt = deps.now();
  await deps.store.saveCursor(key, nextCursor, finishedAt);
  deps.metrics.lastSuccess.set({ hook: key }, finishedAt.getTime() / 1000);
  return report;
}
