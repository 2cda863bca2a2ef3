import type { HandledEventName, HandledWebhooks } from "./webhook-types";

type ActionOf<E extends HandledEventName> = HandledWebhooks[E] extends { action: infer A }
  ? A
  : never;

/**
 * Which actions of each event are handled: every pull_request action (history
 * keeps them all); check runs from creation (queued, in progress) through
 * completion and re-request; check suites requested, re-requested and
 * completed; status (no action); and every change of a branch protection
 * rule or ruleset (the required checks they hold). Typed against the
 * OpenAPI unions so a misspelt action does not compile.
 */
const HANDLED_ACTIONS: { [E in HandledEventName]: "all" | readonly ActionOf<E>[] } = {
  pull_request: "all",
  check_run: ["created", "completed", "rerequested"],
  check_suite: ["requested", "rerequested", "completed"],
  status: "all",
  branch_protection_rule: "all",
  repository_ruleset: "all",
};

export function isHandledEventName(event: string): event is HandledEventName {
  return Object.hasOwn(HANDLED_ACTIONS, event);
}

/** True when the worker has something to do with this event and action. */
export function isHandledEvent(event: string, action: string | null): boolean {
  if (!isHandledEventName(event)) return false;
  const actions = HANDLED_ACTIONS[event];
  return actions === "all" || (action !== null && (actions as readonly string[]).includes(action));
}
