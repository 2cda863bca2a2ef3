import { randomUUID } from "node:crypto";
import { pullRequestEvent, signGithub } from "@hookline/test-utils";

export interface StreamCounts {
  sent: number;
  /** Answers by status code. */
  answers: Map<number, number>;
  /** Requests that got no answer (connection errors). */
  errors: number;
  /** Ticks skipped because too many requests were still in flight. */
  skipped: number;
}

const PULL_REQUESTS = 300;
const MAX_IN_FLIGHT = 200;

/**
 * Posts signed pull_request deliveries to the ingest at `rate` a second,
 * spread over ten ticks a second, cycling through 300 pull requests (so
 * the state tables are bounded by the repository, the history and ledger by
 * retention). Stops on `stop()`, resolving once nothing is in flight.
 */
export function startSteadyStream(ingestUrl: string, rate: number) {
  const counts: StreamCounts = { sent: 0, answers: new Map(), errors: 0, skipped: 0 };
  const inFlight = new Set<Promise<void>>();
  let due = 0;
  let n = 0;
  const post = () => {
    n += 1;
    const number = (n % PULL_REQUESTS) + 1;
    // Opened, then closed and reopened in turns: every delivery changes
    // state, so every one notifies both channels.
    const round = Math.floor((n - 1) / PULL_REQUESTS);
    const action = round === 0 ? "opened" : round % 2 === 1 ? "closed" : "reopened";
    const body = JSON.stringify(
      pullRequestEvent({
        number,
        action,
        state: action === "closed" ? "closed" : "open",
        updatedAt: new Date().toISOString(),
        headSha: `sha-${number}`,
      }),
    );
    counts.sent += 1;
    const request = fetch(`${ingestUrl}/webhooks/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signGithub(body),
      },
      body,
    })
      .then(async (response) => {
        await response.arrayBuffer();
        counts.answers.set(response.status, (counts.answers.get(response.status) ?? 0) + 1);
      })
      .catch(() => {
        counts.errors += 1;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };
  const timer = setInterval(() => {
    due += rate / 10;
    while (due >= 1) {
      due -= 1;
      if (inFlight.size >= MAX_IN_FLIGHT) counts.skipped += 1;
      else post();
    }
  }, 100);
  return {
    counts,
    async stop() {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
