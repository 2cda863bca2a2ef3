import { runEvery } from "../src/run-every";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runEvery", () => {
  it("never overlaps runs, reports failures and keeps going, and stop() waits for the run in progress", async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    let finished = 0;
    const errors: unknown[] = [];
    const periodic = runEvery(
      10,
      async () => {
        runs += 1;
        overlapped ||= active > 0;
        active += 1;
        await sleep(35); // slower than the interval
        active -= 1;
        finished += 1;
        if (runs === 1) throw new Error("first run fails");
      },
      (error) => errors.push(error),
    );
    await sleep(150);
    await periodic.stop();
    const runsAtStop = runs;
    expect(overlapped).toBe(false);
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(runs); // the run in progress finished before stop() resolved
    expect(errors).toEqual([new Error("first run fails")]);
    await sleep(50);
    expect(runs).toBe(runsAtStop);
  });
});
