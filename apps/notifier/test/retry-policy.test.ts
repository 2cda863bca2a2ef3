import { loadConfig } from "@hookline/config";
import {
  attemptPosition,
  deliveryJobOptions,
  failureVerdict,
  retryDelay,
} from "../src/delivery/retry-policy";

const channel = loadConfig({
  role: "notifier",
  env: {},
  yaml: "outgoing:\n  channels:\n    a:\n      url: https://hooks.example.com/a\n      retries: 2\n      retry_delay: 1\n      backoff_factor: 2\n      retry_schedule: [60, 600]\n",
}).outgoing.channels.a!;

describe("the delivery retry policy", () => {
  it("makes every try one BullMQ attempt: (schedule + 1) × (retries + 1)", () => {
    const job = {
      messageId: "m",
      channel: "a",
      batched: false,
      notifications: [
        {
          id: "n",
          event_type: "pr.created",
          priority: "high",
          timestamp: "",
          data: {},
          source: "t",
        },
      ],
    };
    expect(deliveryJobOptions(job as never, channel).attempts).toBe(9);
  });

  it("numbers tries within attempts", () => {
    expect([0, 1, 2, 3, 8].map((made) => attemptPosition(made, channel))).toEqual([
      { attempt: 1, attempts: 3, try: 1 },
      { attempt: 1, attempts: 3, try: 2 },
      { attempt: 1, attempts: 3, try: 3 },
      { attempt: 2, attempts: 3, try: 1 },
      { attempt: 3, attempts: 3, try: 3 },
    ]);
  });

  it("waits the in-attempt backoff between tries and the schedule between attempts", () => {
    expect([1, 2, 3, 4, 5, 6].map((made) => retryDelay(made, channel))).toEqual([
      1000, 2000, 60_000, 1000, 2000, 600_000,
    ]);
  });

  it("decides wait, retry or dead letter", () => {
    const now = 1_000_000;
    const base = { channel, permanent: false, retryAfterMs: null, expiresAt: now + 3_600_000, now };
    expect(failureVerdict({ ...base, attemptsMade: 0, permanent: true })).toEqual({
      kind: "dead",
      why: "permanent",
    });
    expect(failureVerdict({ ...base, attemptsMade: 0, retryAfterMs: 5000 })).toEqual({
      kind: "wait",
      until: now + 5000,
    });
    expect(failureVerdict({ ...base, attemptsMade: 2 })).toEqual({
      kind: "retry",
      delayMs: 60_000,
    });
    expect(failureVerdict({ ...base, attemptsMade: 8 })).toEqual({ kind: "dead", why: "attempts" });
    // A next try past max_age ends the message now, with that reason.
    expect(failureVerdict({ ...base, attemptsMade: 5, expiresAt: now + 10_000 })).toEqual({
      kind: "dead",
      why: "max_age",
    });
    expect(
      failureVerdict({ ...base, attemptsMade: 0, retryAfterMs: 20_000, expiresAt: now + 10_000 }),
    ).toEqual({ kind: "dead", why: "max_age" });
  });
});
