import { ConfigError, loadConfig } from "@hookline/config";

// Standard Webhooks 1.0.0, "Signature scheme": a symmetric secret is 24 to 64
// random bytes, serialised as "whsec_" + base64; keys unique per endpoint.
const channels = (yaml: string) =>
  loadConfig({ env: {}, role: "notifier", yaml: `outgoing:\n  channels:\n${yaml}` }).outgoing
    .channels;
const whsec = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString("base64")}`;

describe("channel signing secrets", () => {
  it.each([24, 32, 64])("accepts a whsec_ key of %i bytes", (bytes) => {
    expect(
      channels(`    a:\n      url: https://a.example\n      secret: ${whsec(bytes)}\n`).a?.secret,
    ).toBe(whsec(bytes));
  });

  it.each([
    [whsec(23), /24 to 64 bytes .* this one is 23/],
    [whsec(65), /this one is 65/],
    ["whsec_not*base64", /not valid base64/],
    ["short-plain-secret", /this one is 18/],
    ["x".repeat(65), /this one is 65/],
  ])("refuses %s", (secret, message) => {
    const load = () =>
      channels(`    a:\n      url: https://a.example\n      secret: "${secret}"\n`);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it("checks the secrets being rotated out as well, and signs with them after the current one", () => {
    expect(
      channels(
        `    a:\n      url: https://a.example\n      secret: ${whsec(32)}\n      previous_secrets: [${whsec(24)}]\n`,
      ).a?.previous_secrets,
    ).toEqual([whsec(24)]);
    expect(() =>
      channels(`    a:\n      url: https://a.example\n      previous_secrets: [${whsec(8)}]\n`),
    ).toThrow(/previous_secrets/);
  });

  it("refuses one secret on two receivers, but lets two paths of one receiver share it", () => {
    expect(() =>
      channels(
        `    a:\n      url: https://a.example\n      secret: ${whsec(32)}\n    b:\n      url: https://b.example\n      previous_secrets: [${whsec(32)}]\n`,
      ),
    ).toThrow(/channel b signs with a secret of channel a, another receiver/);
    expect(
      Object.keys(
        channels(
          `    a:\n      url: https://a.example/x\n      secret: ${whsec(32)}\n    b:\n      url: https://a.example/y\n      secret: ${whsec(32)}\n`,
        ),
      ),
    ).toEqual(["a", "b"]);
  });

  it("defaults the request timeout into the 15–30 s the spec recommends", () => {
    const timeout = loadConfig({ env: {}, role: "notifier", yaml: "" }).outgoing.timeout;
    expect(timeout).toBeGreaterThanOrEqual(15_000);
    expect(timeout).toBeLessThanOrEqual(30_000);
  });
});

describe("the default retry schedule (Standard Webhooks, Deliverability and reliability)", () => {
  it("backs off exponentially over more than two days", () => {
    const schedule = loadConfig({
      env: {},
      role: "notifier",
      yaml: "outgoing:\n  channels:\n    a:\n      url: https://a.example\n",
    }).outgoing.channels.a!.retry_schedule;
    expect(schedule.reduce((sum, delay) => sum + delay, 0)).toBeGreaterThan(2 * 86_400_000);
    for (let i = 1; i < schedule.length; i++)
      expect(schedule[i]!).toBeGreaterThan(schedule[i - 1]!);
  });
});
