import { ConfigError, loadConfig } from "@hookline/config";

const outgoing = (keys: string) =>
  loadConfig({ env: {}, role: "notifier", yaml: `outgoing:\n${keys}` }).outgoing;

describe("outgoing policy configuration", () => {
  it("allows port 443 only, no private address and no proxy by default", () => {
    expect(outgoing("  timeout: 30s\n")).toMatchObject({
      allowed_ports: [{ from: 443, to: 443 }],
      allow_private_addresses: [],
    });
    expect(outgoing("  timeout: 30s\n").proxy).toBeUndefined();
  });

  it("reads ports and port ranges, from YAML or a comma-separated string", () => {
    expect(outgoing('  allowed_ports: [443, "8443", 8000-8999]\n').allowed_ports).toEqual([
      { from: 443, to: 443 },
      { from: 8443, to: 8443 },
      { from: 8000, to: 8999 },
    ]);
    expect(outgoing('  allowed_ports: "443, 9000-9001"\n').allowed_ports).toEqual([
      { from: 443, to: 443 },
      { from: 9000, to: 9001 },
    ]);
  });

  it.each([
    ["  allowed_ports: [0]\n", /allowed_ports/],
    ["  allowed_ports: [70000]\n", /allowed_ports/],
    ["  allowed_ports: [9-1]\n", /allowed_ports/],
    ["  allow_private_addresses: [intranet]\n", /allow_private_addresses/],
    ["  allow_private_addresses: [10.0.0.0/33]\n", /allow_private_addresses/],
    ["  proxy: socks5://127.0.0.1:1080\n", /proxy/],
    [
      "  channels:\n    a:\n      url: https://a.example\n      allow_private_addresses: [fd00::/129]\n",
      /channels\.a\.allow_private_addresses/,
    ],
  ])("refuses %j with a clear error", (keys, where) => {
    expect(() => outgoing(keys)).toThrow(ConfigError);
    expect(() => outgoing(keys)).toThrow(where);
  });

  it("accepts addresses and CIDR ranges, and an http proxy with credentials", () => {
    expect(
      outgoing(
        '  allow_private_addresses: [127.0.0.1, 10.0.0.0/8, fd00::/8, "::1"]\n  proxy: http://user:pw@10.0.0.5:3128\n',
      ),
    ).toMatchObject({
      allow_private_addresses: ["127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"],
      proxy: "http://user:pw@10.0.0.5:3128",
    });
  });
});
