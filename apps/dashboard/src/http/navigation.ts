/**
 * The one navigation of the dashboard, in this order on every page: hookline's
 * own pages (page frame in html.ts) and Bull Board's (its header, through the
 * board's page template, and its own `miscLinks` menu).
 * /channels is the per-channel page of the outgoing-isolation work.
 */
export const NAVIGATION = [
  { text: "Overview", url: "/" },
  { text: "Dead letters", url: "/dead-letters" },
  { text: "Channels", url: "/channels" },
  { text: "Pull requests", url: "/pull-requests" },
  { text: "Audit", url: "/audit" },
  { text: "Queues", url: "/queues" },
] as const;

/** Where Bull Board is served; its API is under `${BOARD_BASE}/api/queues`. */
export const BOARD_BASE = "/queues";

/** The navigation's look, shared by hookline's pages and Bull Board's header. */
export const NAVIGATION_STYLE = `nav.hookline-nav{background:#24292f;color:#fff;padding:8px 20px;display:flex;gap:18px;align-items:center;font:14px/1.4 system-ui,sans-serif}
nav.hookline-nav a{color:#fff;text-decoration:none}nav.hookline-nav a[aria-current=page]{text-decoration:underline;font-weight:600}
nav.hookline-nav strong{font-size:16px;margin-right:6px}nav.hookline-nav .who{margin-left:auto;color:#d0d7de}`;
