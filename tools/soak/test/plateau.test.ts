import { plateauOf } from "../src/plateau";
import { soakOptions } from "../src/soak-options";

describe("plateauOf", () => {
  it("sees a series with a bound level off, saw-tooth and all", () => {
    const rising = [100, 200];
    const bounded = [300, 280, 310, 290, 305, 285, 300, 295, 310, 290, 300, 305, 295];
    expect(plateauOf("bounded", [...rising, ...bounded]).plateau).toBe(true);
  });

  it("sees a series that grows with the stream as growing", () => {
    const linear = Array.from({ length: 18 }, (_, index) => (index + 1) * 100);
    const verdict = plateauOf("linear", linear);
    expect(verdict.plateau).toBe(false);
    expect(verdict.growth).toBeGreaterThan(0.3);
  });
});

describe("soakOptions", () => {
  it("takes the defaults, or numbers after known flags, and refuses anything else", () => {
    expect(soakOptions([])).toEqual({
      minutes: 10,
      rate: 50,
      sampleSeconds: 20,
      windowSeconds: 60,
    });
    expect(soakOptions(["--minutes", "2", "--rate", "20"])).toMatchObject({ minutes: 2, rate: 20 });
    expect(() => soakOptions(["--minutes", "soon"])).toThrow(/usage: npm run soak/);
    expect(() => soakOptions(["--speed", "3"])).toThrow(/usage/);
  });
});
