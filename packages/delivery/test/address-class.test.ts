import { nonGlobalReason } from "@hookline/delivery";

describe("nonGlobalReason: only global unicast destinations", () => {
  // The list (all passed the policy on main), then their neighbours.
  it.each([
    ["::7f00:1", /IPv4-compatible|embedding 127\.0\.0\.1/],
    ["64:ff9b::a9fe:a9fe", /embedding 169\.254\.169\.254 \(linkLocal\)/],
    ["2002:7f00:1::", /6to4 embedding 127\.0\.0\.1 \(loopback\)/],
    ["::ffff:0:7f00:1", /embedding 127\.0\.0\.1 \(loopback\)/],
    ["fec0::1", /deprecatedSiteLocal/],
    ["224.0.0.1", /multicast/],
    ["255.255.255.255", /broadcast/],
    ["198.18.0.1", /reserved/],
  ])("refuses %s", (address, reason) => {
    expect(nonGlobalReason(address)).toMatch(reason);
  });

  it.each([
    // IPv4: this network, private, CGNAT, loopback, link-local, IETF, documentation, benchmarking, AS112, AMT, 240/4.
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.254",
    "192.0.0.1",
    "192.0.2.1",
    "192.88.99.1",
    "192.168.1.1",
    "198.19.255.255",
    "198.51.100.1",
    "203.0.113.1",
    "192.31.196.1",
    "192.52.193.1",
    "192.175.48.1",
    "224.0.0.251",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.254",
    // IPv6: unspecified, loopback, link-local, unique-local, site-local, multicast, documentation, discard, benchmarking, ORCHID, outside 2000::/3.
    "::",
    "::1",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "fec0::",
    "feff::1",
    "ff02::1",
    "ff0e::1",
    "2001:db8::1",
    "100::1",
    "2001:2::1",
    "2001:10::1",
    "2001:20::1",
    "4000::1",
    "3fff::1",
    // IPv4 inside IPv6: mapped, translated, compatible, NAT64 (both prefixes), 6to4, Teredo (server and client).
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:a9fe:a9fe",
    "::ffff:0:a00:1",
    "::ffff:0:808:808",
    "::a00:1",
    "::808:808",
    "::8.8.8.8",
    "64:ff9b::7f00:1",
    "64:ff9b::a00:1",
    "64:ff9b::c612:1",
    "64:ff9b:1::808:808",
    "2002:a00:1::1",
    "2002:a9fe:a9fe::",
    "2002:c612:1::",
    "2001:0:7f00:1::f7f7:f7f7",
    "2001:0:808:808::80ff:fffe",
    "2001:0:808:808::5601:fefe",
  ])("refuses %s", (address) => {
    expect(nonGlobalReason(address)).not.toBeNull();
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "198.17.255.255",
    "198.20.0.1",
    "100.63.255.255",
    "100.128.0.1",
    "172.15.255.255",
    "172.32.0.1",
    "223.255.255.254",
    "2606:4700:4700::1111",
    "2a00:1450:4001::200e",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "64:ff9b::808:808",
    "2002:808:808::1",
    "2001:0:808:808::f7f7:f7f7",
  ])("allows the global address %s", (address) => {
    expect(nonGlobalReason(address)).toBeNull();
  });
});
