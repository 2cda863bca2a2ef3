import { createAddressPolicy } from "@hookline/delivery";

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
  });

  it("allows HTTPS and refuses plain HTTP unless the host is named", () => {
    expect(() => strict.checkUrl(new URL("https://hooks.example.com/x"))).not.toThrow();
    expect(() => strict.checkUrl(new URL("http://hooks.example.com/x"))).toThrow(/HTTPS only/);
    expect(() => local.checkUrl(new URL("http://127.0.0.1:8080/x"))).not.toThrow();
  });

  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "[::1]",
    "[fe80::1]",
    "[fd00::1]",
    "[::ffff:127.0.0.1]",
  ])("refuses the literal address %s", (host) => {
    expect(() => strict.checkUrl(new URL(`https://${host}/x`))).toThrow(/private address/);
  });

  it("refuses a name that resolves to a private address, after resolution", async () => {
    await expect(lookup(strict, "localhost")).rejects.toThrow(/resolves to .* private address/);
    await expect(lookup(local, "localhost")).resolves.toBe("127.0.0.1");
  });

  it("lets allowed private addresses through", () => {
    expect(() => local.checkUrl(new URL("https://127.0.0.1/x"))).not.toThrow();
    expect(() => local.checkUrl(new URL("https://10.0.0.1/x"))).toThrow(/private address/);
  });
});
