import { randomUUID } from "node:crypto";
import { GITHUB_SOURCE, type IncomingEventJob } from "@hookline/queue";

/** The github-events job the ingest would queue for `payload`: a fresh delivery id, received now. */
export function eventJob(
  event: string,
  payload: object,
  deliveryId: string = randomUUID(),
  source: string = GITHUB_SOURCE,
): IncomingEventJob {
  const action = (payload as { action?: unknown }).action;
  return {
    source,
    deliveryId,
    event,
    action: typeof action === "string" ? action : null,
    receivedAt: new Date().toISOString(),
    body: JSON.stringify(payload),
  };
}
