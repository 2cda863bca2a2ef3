import { clientNetworkKey } from "../src";

describe("clientNetworkKey: the network a per-address limit counts", () => {
  it("keeps an IPv4 address as itself", () => {
    expect(clientNetworkKey("203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts an IPv4-mapped IPv6 address as its IPv4 address", () => {
    expect(clientNetworkKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetworkKey("::ffff:cb00:7107")).toBe("203.0.113.7");
  });

  it("counts every address of one /64 as one client, however it is written", () => {
    const keys = [
      "2001:db8:1:2::1",
      "2001:db8:1:2:ffff:ffff:ffff:ffff",
      "2001:0db8:0001:0002:0000:0000:0000:abcd",
      "2001:DB8:1:2::9",
    ].map((address) => clientNetworkKey(address));
    expect(new Set(keys)).toEqual(new Set(["2001:db8:1:2::/64"]));
    expect(clientNetworkKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
  });

  it("takes the prefix length from configuration", () => {
    expect(clientNetworkKey("2001:db8:1:2::1", 48)).toBe("2001:db8:1::/48");
    expect(clientNetworkKey("2001:db8:1:2::1", 128)).toBe("2001:db8:1:2::1/128");
  });

  it("leaves text that is not an address as it is", () => {
    expect(clientNetworkKey("unknown")).toBe("unknown");
    expect(clientNetworkKey("")).toBe("");
  });
});
