import type { HandledEventName, HandledWebhooks } from "./webhook-types";

type ActionOf<E extends HandledEventName> = HandledWebhooks[E] extends { action: infer A }
  ? A
  : never;

/**
 * Which actions of each event are handled: every pull_request action (history
 * keeps them all), only the completed check events, and status (no action).
 * Typed against the OpenAPI unions so a misspelt action does not compile.
 */
const HANDLED_ACTIONS: { [E in HandledEventName]: "all" | readonly ActionOf<E>[] } = {
  pull_request: "all",
  check_run: ["completed"],
  check_suite: ["completed"],
  status: "all",
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
