import type { GithubClient } from "./create-github-client";

/** A hook whose deliveries GitHub lists, in the terms of its REST paths. */
export type HookTarget =
  | { kind: "repository"; owner: string; repo: string; hookId: number }
  | { kind: "organization"; org: string; hookId: number }
  | { kind: "app"; appId: number };

/** One row of GitHub's "list deliveries" (the fields hookline reads). */
export interface HookDelivery {
  /** Numeric, 64-bit: the id a redelivery request names. */
  id: number;
  /** X-GitHub-Delivery: shared by a delivery and its redeliveries. */
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  /** "OK" when the receiver answered 2xx; anything else is a failure. */
  status: string;
  status_code: number;
  event: string;
  action: string | null;
}

/** Stable name of a hook, for cursors, locks, logs and metric labels. */
export function hookKey(hook: HookTarget): string {
  if (hook.kind === "repository") return `repository:${hook.owner}/${hook.repo}:${hook.hookId}`;
  if (hook.kind === "organization") return `organization:${hook.org}:${hook.hookId}`;
  return `app:${hook.appId}`;
}

function basePath(hook: HookTarget): string {
  if (hook.kind === "repository")
    return `/repos/${encodeURIComponent(hook.owner)}/${encodeURIComponent(hook.repo)}/hooks/${hook.hookId}`;
  if (hook.kind === "organization")
    return `/orgs/${encodeURIComponent(hook.org)}/hooks/${hook.hookId}`;
  return "/app/hook";
}

/** One page of a delivery listing, with GitHub's clock when it answered. */
export interface DeliveryPage {
  rows: HookDelivery[];
  /** The page's `Date` header: GitHub's time, not the host's (one-second resolution). */
  githubNow?: Date;
}

/**
 * Deliveries newest first, page by page (100 a page, GitHub's `Link` cursor),
 * until a page ends before `since` or the list ends. Rows older than `since`
 * on the last page are included; the caller decides what they mean.
 * `since` may be computed from GitHub's clock on the first page (its `Date`
 * header, else the page's newest `delivered_at`), so a host whose clock is
 * off never narrows or widens the window.
 */
export async function* listDeliveries(
  client: GithubClient,
  hook: HookTarget,
  since: Date | ((githubNow: Date | undefined) => Date),
): AsyncGenerator<DeliveryPage> {
  const pages = client.paginate.iterator(`GET ${basePath(hook)}/deliveries`, { per_page: 100 });
  let bound = since instanceof Date ? since : undefined;
  for await (const page of pages) {
    const rows = page.data as unknown as HookDelivery[];
    const date = page.headers.date ? new Date(page.headers.date) : undefined;
    const githubNow = date && !Number.isNaN(date.getTime()) ? date : undefined;
    yield { rows, githubNow };
    if (!bound && typeof since === "function")
      bound = since(githubNow ?? (rows[0] ? new Date(rows[0].delivered_at) : undefined));
    const last = rows[rows.length - 1];
    if (!last || Date.parse(last.delivered_at) < bound!.getTime()) return;
  }
}

/** POST …/deliveries/{id}/attempts: GitHub answers 202 and re-sends the original body and signature. */
export async function requestRedelivery(
  client: GithubClient,
  hook: HookTarget,
  deliveryId: number,
): Promise<void> {
  await client.request(`POST ${basePath(hook)}/deliveries/${deliveryId}/attempts`);
}
