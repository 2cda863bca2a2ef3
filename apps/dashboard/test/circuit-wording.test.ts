import type { ChannelStateSnapshot } from "@hookline/delivery";
import { describeChannel } from "../src/channels/describe-channel";

// A circuit stays "open" in Redis after its cool-down until a delivery of its
// channel probes it, which may be hours away: the Overview said "open until
// 01:00:57" at 01:06, as if it were still cooling down.
describe("an open circuit, as the Overview and the pull request page word it", () => {
  const until = Date.parse("2026-12-07T00:00:57Z");
  const open: ChannelStateSnapshot = {
    channel: "alerting",
    enabled: true,
    disabledBy: null,
    disabledAt: null,
    circuit: "open",
    failures: 5,
    circuitUntil: until,
    quietUntil: null,
    inFlight: 0,
    delayed: 0,
    lastSuccessAt: null,
    lastFailureAt: null,
    lastFailure: null,
    rateFactor: 1,
  };

  it("says until when while it cools down", () => {
    expect(describeChannel(open, "UTC", until - 60_000)).toBe(
      "circuit open until 2026-12-07 00:00:57 UTC · 5 failures in a row",
    );
  });

  it("says the cool-down is over once it is, not 'open until' a past time", () => {
    expect(describeChannel(open, "UTC", until + 360_000)).toBe(
      "circuit open, cool-down over since 2026-12-07 00:00:57 UTC: the next delivery probes it · 5 failures in a row",
    );
  });
});
