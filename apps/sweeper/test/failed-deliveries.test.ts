import type { HookDelivery } from "@hookline/github-rest";
import { failedDeliveries } from "../src/sweep/failed-deliveries";

let id = 1000;
function row(
  guid: string,
  at: string,
  status: string,
  event = "pull_request",
  action: string | null = "opened",
): HookDelivery {
  id += 1;
  return {
    id,
    guid,
    delivered_at: at,
    redelivery: false,
    status,
    status_code: status === "OK" ? 202 : 503,
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
