import { isHandledEventName } from "@hookline/github";
import { GITHUB_SOURCE } from "@hookline/queue";

// Event names arrive in headers anyone can set: keep label values to a fixed
// set so a scanner cannot blow up the metrics' cardinality.
export function eventTypeLabel(source: string, event: string | undefined): string {
  if (source !== GITHUB_SOURCE) return source;
  if (event === undefined) return "unknown";
  return isHandledEventName(event) || event === "ping" ? event : "other";
}
