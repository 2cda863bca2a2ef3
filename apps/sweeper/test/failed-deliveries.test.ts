import type { HookDelivery } from "@hookline/github-rest";
import { acknowledgedDeliveries } from "../src/reconcile/acknowledged-deliveries";
import { failedDeliveries } from "../src/sweep/failed-deliveries";

let id = 1000;
function row(
  guid: string,
  at: string,
  status: string,
  event = "pull_request",
  action: string | null = "opened",
  statusCode = status === "OK" ? 202 : 503,
): HookDelivery {
  id += 1;
  return {
    id,
    guid,
    delivered_at: at,
    redelivery: false,
    status,
    status_code: statusCode,
    event,
    action,
  };
}

describe("failedDeliveries", () => {
  const since = new Date("2026-11-29T08:00:00Z");

  it("keeps GUIDs with no OK attempt, newest attempt first known, oldest GUID first", () => {
    const rows = [
      row("b", "2026-11-29T09:05:00Z", "failed to connect to host"),
      row("a", "2026-11-29T09:04:00Z", "OK"), // a redelivery that worked
      row("c", "2026-11-29T09:03:00Z", "Invalid HTTP Response: 503"),
      row("a", "2026-11-29T09:01:00Z", "Invalid HTTP Response: 503"),
      row("b", "2026-11-29T09:00:00Z", "Invalid HTTP Response: 503"),
    ];
    const { failed } = failedDeliveries(rows, since);
    expect(failed.map((delivery) => [delivery.guid, delivery.latest.delivered_at])).toEqual([
      ["c", "2026-11-29T09:03:00Z"],
      ["b", "2026-11-29T09:05:00Z"],
    ]);
  });

  it("breaks one-second ties by id, and leaves GUIDs last tried before the window", () => {
    const first = row("d", "2026-11-29T09:00:00Z", "timed out");
    const second = row("d", "2026-11-29T09:00:00Z", "timed out");
    const old = row("e", "2026-11-29T07:59:59Z", "timed out");
    const { failed } = failedDeliveries([second, first, old], since);
    expect(failed).toEqual([{ guid: "d", latest: second }]);
  });

  it("counts failed events hookline does not handle without picking them", () => {
    const { failed, unhandled } = failedDeliveries(
      [
        row("f", "2026-11-29T09:00:00Z", "timed out", "push", null),
        row("g", "2026-11-29T09:00:00Z", "timed out", "check_run", "requested_action"),
        row("h", "2026-11-29T09:00:00Z", "timed out", "status", null),
      ],
      since,
    );
    expect(failed.map((delivery) => delivery.guid)).toEqual(["h"]);
    expect(unhandled).toBe(2);
  });
});

describe("failedDeliveries: permanent refusals", () => {
  const since = new Date("2026-11-29T08:00:00Z");

  it("sets apart GUIDs whose newest attempt hookline answered with a permanent 4xx", () => {
    const rows = [
      row("a", "2026-11-29T09:03:00Z", "Invalid HTTP Response: 401", "pull_request", "opened", 401),
      row("b", "2026-11-29T09:02:00Z", "Invalid HTTP Response: 429", "pull_request", "opened", 429),
      row("c", "2026-11-29T09:01:00Z", "Invalid HTTP Response: 408", "pull_request", "opened", 408),
      // Refused once, then a 503 on the redelivery: worth asking again.
      row("d", "2026-11-29T09:05:00Z", "Invalid HTTP Response: 503"),
      row("d", "2026-11-29T09:00:00Z", "Invalid HTTP Response: 413", "pull_request", "opened", 413),
    ];
    const { failed, refused } = failedDeliveries(rows, since);
    expect(refused.map((delivery) => delivery.guid)).toEqual(["a"]);
    expect(failed.map((delivery) => delivery.guid)).toEqual(["c", "b", "d"]);
  });
});

describe("acknowledgedDeliveries", () => {
  const since = new Date("2026-11-29T08:00:00Z");

  it("keeps handled GUIDs with a 202 whose newest attempt is in the window, oldest first", () => {
    const rows = [
      row("late", "2026-11-29T09:10:00Z", "failed to connect to host", "pull_request", "opened", 0),
      row("b", "2026-11-29T09:02:00Z", "OK"),
      row("ignored", "2026-11-29T09:01:30Z", "OK", "push", null, 200),
      row("duplicate", "2026-11-29T09:01:20Z", "OK", "pull_request", "opened", 200),
      row("a", "2026-11-29T09:01:00Z", "OK"),
      // Acknowledged before the window, but its newest attempt is inside it.
      row("late", "2026-11-29T07:00:00Z", "OK"),
      row("old", "2026-11-29T07:59:59Z", "OK"),
      row("failed", "2026-11-29T09:00:00Z", "Invalid HTTP Response: 503"),
    ];
    expect(acknowledgedDeliveries(rows, since).map((delivery) => delivery.guid)).toEqual([
      "a",
      "b",
      "late",
    ]);
  });
});
