import { AddressPolicyError, createAddressPolicy } from "@hookline/delivery";

const lookup = (policy: ReturnType<typeof createAddressPolicy>, host: string) =>
  new Promise<string>((resolve, reject) =>
    policy.lookup(host, { family: 4 }, (error, address) =>
      error ? reject(error) : resolve(address as string),
    ),
  );

describe("the outgoing address policy", () => {
  const strict = createAddressPolicy({ allowHttpHosts: [], allowPrivateAddresses: [] });
  const local = createAddressPolicy({
    allowHttpHosts: ["127.0.0.1", "localhost"],
    allowPrivateAddresses: ["127.0.0.1"],
    allowedPorts: [
      { from: 443, to: 443 },
      { from: 8000, to: 8999 },
    ],
  });

  it("allows HTTPS and refuses plain HTTP unless the host is named", () => {
    expect(() => strict.checkUrl(new URL("https://hooks.example.com/x"))).not.toThrow();
    expect(() => strict.checkUrl(new URL("http://hooks.example.com/x"))).toThrow(/HTTPS only/);
    expect(() => local.checkUrl(new URL("http://127.0.0.1:8080/x"))).not.toThrow();
  });

  it("allows port 443 by default, 80 only for plain-HTTP hosts, and configured ranges", () => {
    expect(() => strict.checkUrl(new URL("https://hooks.example.com:443/x"))).not.toThrow();
    for (const url of [
      "https://hooks.example.com:8443/x",
      "https://hooks.example.com:80/x",
      "https://hooks.example.com:22/x",
    ])
      expect(() => strict.checkUrl(new URL(url))).toThrow(AddressPolicyError);
    expect(() => local.checkUrl(new URL("http://localhost/x"))).not.toThrow();
    expect(() => local.checkUrl(new URL("https://hooks.example.com:8999/x"))).not.toThrow();
    expect(() => local.checkUrl(new URL("https://hooks.example.com:9000/x"))).toThrow(/port 9000/);
  });

  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "[::7f00:1]",
    "[64:ff9b::a9fe:a9fe]",
  ])("refuses the literal address %s when connecting", async (host) => {
    await expect(strict.resolve(host)).rejects.toThrow(/is not a public address/);
  });

  it("refuses a name that resolves to a private address, after resolution", async () => {
    await expect(lookup(strict, "localhost")).rejects.toThrow(
      /resolves to .* not a public address/,
    );
    await expect(lookup(local, "localhost")).resolves.toBe("127.0.0.1");
  });

  it("lets allowed addresses and CIDR ranges through, and a channel's own on top", async () => {
    await expect(local.resolve("127.0.0.1")).resolves.toEqual([
      { address: "127.0.0.1", family: 4 },
    ]);
    await expect(local.resolve("10.0.0.1")).rejects.toThrow(/private/);
    const ranged = createAddressPolicy({
      allowHttpHosts: [],
      allowPrivateAddresses: ["10.0.0.0/8"],
    });
    await expect(ranged.resolve("10.200.0.1")).resolves.toEqual([
      { address: "10.200.0.1", family: 4 },
    ]);
    await expect(ranged.resolve("[::ffff:10.0.0.1]")).resolves.toMatchObject({});
    await expect(ranged.resolve("11.0.0.1")).resolves.toMatchObject({});
    await expect(ranged.resolve("192.168.0.1")).rejects.toThrow(AddressPolicyError);
    const channel = ranged.withAllowed(["192.168.0.0/16"]);
    await expect(channel.resolve("192.168.0.1")).resolves.toMatchObject({});
    await expect(channel.resolve("10.0.0.1")).resolves.toMatchObject({});
    await expect(ranged.resolve("192.168.0.1")).rejects.toThrow(AddressPolicyError);
  });

  it("takes a proxy only from its options, never from the environment", () => {
    expect(strict.proxy).toBeNull();
    expect(
      createAddressPolicy({
        allowHttpHosts: [],
        allowPrivateAddresses: [],
        proxy: "http://10.0.0.1:3128",
      }).proxy?.host,
    ).toBe("10.0.0.1:3128");
    expect(() =>
      createAddressPolicy({ allowHttpHosts: [], allowPrivateAddresses: [], proxy: "socks5://p:1" }),
    ).toThrow(/http:\/\//);
  });
});
