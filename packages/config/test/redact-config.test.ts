import { redactConfig } from "@hookline/config";

// `npm run config -- check` prints the effective configuration for pasting
// into an issue: receivers' credentials in their URLs must not go with it.
describe("the effective configuration, redacted", () => {
  const redact = (url: string) =>
    (
      redactConfig({ outgoing: { channels: { a: { url } } } }) as {
        outgoing: { channels: { a: { url: string } } };
      }
    ).outgoing.channels.a.url;

  it("hides a URL's password, every query value and path segments that read as tokens", () => {
    expect(redact("https://user:pw@hooks.example.com/x?token=querysecret111&v=2")).toBe(
      "https://user:redacted@hooks.example.com/x?token=redacted&v=redacted",
    );
    expect(redact("https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnopqrstuvwx")).toBe(
      "https://hooks.slack.com/services/T0001/B0002/redacted",
    );
  });

  it("keeps what says where it points", () => {
    expect(redact("https://alerts.example.com:8443/hookline")).toBe(
      "https://alerts.example.com:8443/hookline",
    );
    expect(redactConfig({ dashboard: { time_zone: "Europe/Berlin" } })).toEqual({
      dashboard: { time_zone: "Europe/Berlin" },
    });
  });
});
