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
import type { AcceptedLookup } from "../support/accepted-deliveries";
import type { SweeperMetrics } from "../sweeper-metrics";
import { failedDeliveries, type FailedDelivery } from "./failed-deliveries";
import type { RedeliveryRequest, SweepStore } from "./sweep-store";

export interface SweepHookDeps {
  settings: Config["github"]["sweep"];
  store: SweepStore;
  accepted: AcceptedLookup;
  metrics: SweeperMetrics;
  logger: Logger;
  now: () => Date;
}

/** What one sweep of one hook found and did. */
export interface HookSweepReport {
  hook: string;
  /** Rows GitHub listed (every attempt, redeliveries included). */
  listed: number;
  /** Failed GUIDs of handled events hookline has not accepted. */
  failed: number;
  requested: number;
  /** Failed on GitHub's side but accepted by hookline (e.g. a manual redelivery, or a timeout after 202). */
  alreadyStored: number;
  /** Asked for earlier; GitHub has not attempted them yet. */
  pending: number;
  /** Left for the next run by max_redeliveries or a refused request. */
  leftOver: number;
  unhandled: number;
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
 * failed GUIDs hookline never accepted, ask GitHub to redeliver them (at
 * most max_redeliveries, each once, each re-checked just before asking),
 * and move the cursor to the oldest GUID still unsettled, or to the time
 * the listing started. Throws when GitHub cannot be listed; the cursor then
 * stays where it was.
 */
export async function sweepHook(
  deps: SweepHookDeps,
  client: GithubClient,
  hook: HookTarget,
): Promise<HookSweepReport> {
  const key = hookKey(hook);
  const startedAt = deps.now();
  const cursor =
    (await deps.store.cursor(key)) ?? new Date(startedAt.getTime() - deps.settings.look_back);
  const since = new Date(cursor.getTime() - deps.settings.overlap);

  const rows: HookDelivery[] = [];
  for await (const page of listDeliveries(client, hook, since)) rows.push(...page);
  const { failed, unhandled } = failedDeliveries(rows, since);
  const accepted = await deps.accepted(failed.map((delivery) => delivery.guid));
  const notStored = failed.filter((delivery) => !accepted.has(delivery.guid));
  deps.metrics.failedSeen.inc({ hook: key }, notStored.length);

  const requests = await deps.store.requests(
    key,
    notStored.map((delivery) => delivery.guid),
  );
  const unsettled: FailedDelivery[] = [];
  const report: HookSweepReport = {
    hook: key,
    listed: rows.length,
    failed: notStored.length,
    requested: 0,
    alreadyStored: failed.length - notStored.length,
    pending: 0,
    leftOver: 0,
    unhandled,
  };
  const askedThisRun = new Set<string>();
  for (const delivery of notStored) {
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
    if (askedThisRun.size >= deps.settings.max_redeliveries || askedThisRun.has(delivery.guid)) {
      report.leftOver += 1;
      continue;
    }
    // Requests go out a second apart: one stored meanwhile (a manual
    // redelivery, a retry by the sender) is not asked for again.
    if ((await deps.accepted([delivery.guid])).has(delivery.guid)) {
      unsettled.pop();
      report.alreadyStored += 1;
      report.failed -= 1;
      continue;
    }
    askedThisRun.add(delivery.guid);
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
      first_failed_status: delivery.latest.status,
    });
  }

  const oldestUnsettled = unsettled[0]?.latest.delivered_at;
  const nextCursor = oldestUnsettled ? new Date(oldestUnsettled) : startedAt;
  const finishedAt = deps.now();
  await deps.store.saveCursor(key, nextCursor, finishedAt);
  deps.metrics.lastSuccess.set({ hook: key }, finishedAt.getTime() / 1000);
  return report;
}
