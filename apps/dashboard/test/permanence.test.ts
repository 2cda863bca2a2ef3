import { isPermanentFailure, replayRefusalOf } from "../src/dead-letters/permanence";

// Every dead-lettered delivery ends in BullMQ's UnrecoverableError (the
// notifier's retry policy decides when to give up), so for deliveries the
// reason, not the error class, says whether the failure was permanent.
describe("a dead letter's permanence", () => {
  const gaveUp = "UnrecoverableError: ECONNREFUSED\n    at deliver (delivery-processor.ts:260:13)";

  it("is not permanent for a delivery whose attempts ran out on a transient error", () => {
    const job = {
      queueName: "deliveries",
      failedReason:
        "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9100 · attempt 2 of 2 · 2026-12-06 23:59:12 UTC",
      stacktrace: [gaveUp],
    };
    expect(isPermanentFailure(job)).toBe(false);
  });

  it("is not permanent for a delivery that passed its max_age", () => {
    const job = {
      queueName: "deliveries",
      failedReason:
        "expired: not delivered within max_age (4320 min) · attempt 3 of 9 · 2026-12-06 23:59:12 UTC",
      stacktrace: [gaveUp],
    };
    expect(isPermanentFailure(job)).toBe(false);
  });

  it("is permanent for a delivery the receiver refused with a 4xx, which stays replayable", () => {
    const job = {
      queueName: "deliveries",
      failedReason:
        "HTTP 422 from hooks.example.com: {} · attempt 1 of 9 · 2026-12-06 23:59:12 UTC · permanent, not retried",
      stacktrace: [gaveUp],
    };
    expect(isPermanentFailure(job)).toBe(true);
    expect(replayRefusalOf("deliveries", job as never)).toBeUndefined();
  });

  it("is permanent for an incoming event whose processor threw UnrecoverableError, and refuses its replay", () => {
    const job = {
      queueName: "github-events",
      failedReason: "pull_request cannot be stored: payload fails validation",
      stacktrace: ["UnrecoverableError: pull_request cannot be stored"],
    };
    expect(isPermanentFailure(job)).toBe(true);
    expect(replayRefusalOf("github-events", job as never)).toMatch(/failed permanently/);
  });

  it("is not permanent for an incoming event that failed on a transient error", () => {
    const job = {
      queueName: "github-events",
      failedReason: "connection lost",
      stacktrace: ["Error: connection lost"],
    };
    expect(isPermanentFailure(job)).toBe(false);
  });
});
