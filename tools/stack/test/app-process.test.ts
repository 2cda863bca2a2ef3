import { startAppProcess } from "../src/app-process";

describe("an app process of npm start", () => {
  it("keeps the last words of an app that exits, to name its reason", async () => {
    const app = startAppProcess(
      "worker #2",
      [
        "-e",
        'console.log(JSON.stringify({ message: "starting" })); console.error("Invalid configuration (1 problem):"); console.error("  - worker.concurrency: expected a number, got \\"lots\\""); process.exit(1)',
      ],
      { cwd: process.cwd(), env: { PATH: process.env.PATH } },
    );
    const code = await new Promise((resolve) => app.child.once("close", resolve));
    expect(code).toBe(1);
    expect(app.label).toBe("worker #2");
    expect(app.lastWords()).toBe(
      'Invalid configuration (1 problem):\n  - worker.concurrency: expected a number, got "lots"',
    );
  });

  it("falls back to the last line on stdout when nothing was written to stderr", async () => {
    const app = startAppProcess(
      "sweeper",
      ["-e", 'console.log("first"); console.log("last"); process.exit(2)'],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH },
      },
    );
    await new Promise((resolve) => app.child.once("close", resolve));
    expect(app.lastWords()).toBe("last");
  });
});
