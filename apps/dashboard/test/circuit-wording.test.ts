import { describeCircuit } from "../src/overview/overview-page";

// A circuit stays "open" in Redis after its cool-down until a delivery of its
// channel probes it, which may be hours away: the Overview said "open until
// 01:00:57" at 01:06, as if it were still cooling down.
describe("an open circuit, as the Overview and the pull request page word it", () => {
  const until = Date.parse("2026-12-07T00:00:57Z");

  it("says until when while it cools down", () => {
    expect(
      describeCircuit(
        { channel: "alerting", state: "open", until, failures: 5 },
        "UTC",
        until - 60_000,
      ),
    ).toBe("open until 2026-12-07 00:00:57 UTC · 5 failures in a row");
  });

  it("says the cool-down is over once it is, not 'open until' a past time", () => {
    expect(
      describeCircuit(
        { channel: "alerting", state: "open", until, failures: 5 },
        "UTC",
        until + 360_000,
      ),
    ).toBe(
      "open, cool-down over since 2026-12-07 00:00:57 UTC: the next delivery probes it · 5 failures in a row",
    );
  });
});
