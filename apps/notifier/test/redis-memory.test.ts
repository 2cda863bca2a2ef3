import { REDIS_MEMORY_PRESSURE, underPressure } from "../src/monitor/redis-memory";

// With noeviction Redis refuses writes at maxmemory: the warning must come
// well before, with room for a burst.
describe("Redis memory pressure", () => {
  it("is reported from 80% of maxmemory", () => {
    expect(REDIS_MEMORY_PRESSURE).toBeLessThanOrEqual(0.8);
    expect(underPressure({ used: 80, max: 100 })).toBe(true);
    expect(underPressure({ used: 79, max: 100 })).toBe(false);
    // No limit: nothing to refuse writes, nothing to warn about.
    expect(underPressure({ used: 10 ** 12, max: 0 })).toBe(false);
  });
});
