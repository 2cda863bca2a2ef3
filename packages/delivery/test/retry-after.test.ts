import { parseRetryAfter } from "../src/retry-after";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-29T10:00:00.000Z");

  it("reads delta-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
  });

  it("reads an HTTP-date in all three forms RFC 9110 lets a recipient accept", () => {
    expect(parseRetryAfter("Sun, 29 Nov 2026 10:00:45 GMT", now)).toBe(45_000);
    expect(parseRetryAfter("Sunday, 29-Nov-26 10:00:45 GMT", now)).toBe(45_000);
    expect(parseRetryAfter("Sun Nov 29 10:00:45 2026", now)).toBe(45_000);
  });

  it("answers 0 for a date in the past", () => {
    expect(parseRetryAfter("Sun, 29 Nov 2026 09:59:00 GMT", now)).toBe(0);
  });

  it("answers null for anything else", () => {
    for (const value of [undefined, "", "soon", "1.5", "-3", "5 minutes", "Sun, 99 Foo"])
      expect(parseRetryAfter(value, now)).toBeNull();
  });
});
