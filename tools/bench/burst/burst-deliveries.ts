import { createHash, createHmac, randomUUID } from "node:crypto";
import { checkRunEvent, statusEvent } from "@hookline/test-utils";
import { pullRequestPayload } from "../github-payloads";

/** One signed delivery, as GitHub posts it. */
export interface BurstDelivery {
  event: string;
  id: string;
  body: string;
  signature: string;
}

/** Deliveries per pull request: the life of one change, from opened to closed. */
export const DELIVERIES_PER_PULL_REQUEST = 10;

const sha = (text: string) => createHash("sha1").update(text).digest("hex");

/** The head commit a pull request of the burst ends on (after its synchronize). */
export function finalHeadSha(repositoryId: number, number: number): string {
  return sha(`${repositoryId}/${number}/synchronized`);
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 9, minute)).toISOString();

/**
 * The ten deliveries of pull request `number` (GitHub-shaped, 8–10 KB each):
 * opened, synchronize to a new head, two check runs created (queued) and
 * completed (success) on that head, a `ci/legacy` status pending then
 * success, a `ci/lint` status success, closed. Ordered by GitHub's time.
 */
function pullRequestLife(repositoryId: number, number: number): [string, object][] {
  const opened = pullRequestPayload(number, repositoryId, at(0));
  const repository = opened.repository;
  const head = finalHeadSha(repositoryId, number);
  const synchronize = pullRequestPayload(number, repositoryId, at(1));
  synchronize.action = "synchronize";
  synchronize.before = opened.pull_request.head.sha;
  synchronize.after = head;
  synchronize.pull_request.head.sha = head;
  const closed = pullRequestPayload(number, repositoryId, at(10));
  closed.action = "closed";
  closed.pull_request.head.sha = head;
  Object.assign(closed.pull_request, { state: "closed", closed_at: at(10), merged: false });
  // GitHub's ids are global: unique across the repositories of one run.
  const idOf = (slot: number) => repositoryId * 100_000 + number * 10 + slot;
  const run = (slot: number, action: "created" | "completed") => {
    const payload = checkRunEvent(idOf(slot), head, "success", at(5), `ci-${slot}`);
    payload.action = action;
    payload.repository = repository;
    if (action === "created")
      Object.assign(payload.check_run, { status: "queued", conclusion: null, completed_at: null });
    return payload;
  };
  const status = (slot: number, state: string, context: string, minute: number) => {
    const payload = statusEvent(idOf(slot), head, state, at(minute), context);
    payload.repository = repository;
    return payload;
  };
  opened.action = "opened";
  return [
    ["pull_request", opened],
    ["pull_request", synchronize],
    ["check_run", run(1, "created")],
    ["check_run", run(2, "created")],
    ["status", status(3, "pending", "ci/legacy", 2)],
    ["check_run", run(1, "completed")],
    ["check_run", run(2, "completed")],
    ["status", status(4, "success", "ci/legacy", 6)],
    ["status", status(5, "success", "ci/lint", 6)],
    ["pull_request", closed],
  ];
}

/**
 * `pullRequests` pull requests of `repositoryId`, each delivery signed with
 * `secret` under a fresh delivery id. Ordered as a backlog flush would send
 * them: the first event of every pull request, then the second, and so on.
 */
export function burstDeliveries(
  repositoryId: number,
  pullRequests: number,
  secret: string,
): BurstDelivery[] {
  const lives = Array.from({ length: pullRequests }, (_, index) =>
    pullRequestLife(repositoryId, index + 1),
  );
  const deliveries: BurstDelivery[] = [];
  for (let step = 0; step < DELIVERIES_PER_PULL_REQUEST; step += 1) {
    for (const life of lives) {
      const [event, payload] = life[step]!;
      const body = JSON.stringify(payload);
      deliveries.push({
        event,
        id: randomUUID(),
        body,
        signature: `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      });
    }
  }
  return deliveries;
}
