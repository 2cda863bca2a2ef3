import { withJitter } from "@hookline/delivery";

describe("withJitter", () => {
  it("lengthens a delay by up to 10%, never shortens it", () => {
    expect(withJitter(1000, 0.1, () => 0)).toBe(1000);
    expect(withJitter(1000, 0.1, () => 0.999)).toBe(1100);
    for (let i = 0; i < 200; i++) {
      const delay = withJitter(60_000);
      expect(delay).toBeGreaterThanOrEqual(60_000);
      expect(delay).toBeLessThanOrEqual(66_000);
    }
  });

  it("spreads retries of deliveries that failed together", () => {
    expect(new Set(Array.from({ length: 50 }, () => withJitter(60_000))).size).toBeGreaterThan(10);
  });
});
