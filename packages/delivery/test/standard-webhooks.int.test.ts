import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { signMessage, webhookId, webhookSignature } from "@hookline/delivery";
import { channelUnderTest } from "./support/channel-under-test";
import { startLocalReceiver, type LocalReceiver } from "./support/local-receiver";

// Standard Webhooks 1.0.0, spec/standard-webhooks.md
// (github.com/standard-webhooks/standard-webhooks), the sender's side. Each
// test verifies with the reference library, then checks what it does not.
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OLD_SECRET = "whsec_T2xkU2lnbmluZ0tleUJlaW5nUm90YXRlZE91dCE=";
const LOCAL =
  "  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n";

type Received = LocalReceiver["received"][number];
const verify = (secret: string, request: Received) =>
  new Webhook(secret).verify(request.body, request.headers as Record<string, string>);

/** The spec's v1 signature computed here, independently of both the library and the sender. */
function expectedSignature(secret: string, request: Received): string {
  const key = Buffer.from(secret.slice("whsec_".length), "base64");
  const content = `${request.headers["webhook-id"]}.${request.headers["webhook-timestamp"]}.${request.body}`;
  return `v1,${createHmac("sha256", key).update(content).digest("base64")}`;
}

async function sendSigned(
  receiver: LocalReceiver,
  body: string,
  channelYaml = `      secret: ${SECRET}\n`,
  messageId = "evt-1.hook",
) {
  const channel = channelUnderTest(`http://127.0.0.1:${receiver.port}/hook`, LOCAL, channelYaml);
  const secrets = channel.config.outgoing.channels.hook!;
  const headers = signMessage(
    secrets.secret ? [secrets.secret, ...secrets.previous_secrets] : [],
    messageId,
    new Date(),
    body,
  );
  return { channel, outcome: channel.send(undefined, { headers, body }) };
}

describe("Standard Webhooks, as a sender", () => {
  let receiver: LocalReceiver;
  afterEach(() => receiver.close());

  it("POSTs JSON with webhook-id, an integer webhook-timestamp and a v1 HMAC-SHA256 over id.timestamp.body", async () => {
    receiver = await startLocalReceiver(204);
    const body = JSON.stringify({
      type: "pr.created",
      timestamp: new Date().toISOString(),
      data: {},
    });
    const before = Math.floor(Date.now() / 1000);
    await (
      await sendSigned(receiver, body)
    ).outcome;
    const request = receiver.received[0]!;
    expect(verify(SECRET, request)).toEqual(JSON.parse(body));
    // What the library leaves unchecked: method, content type, header shapes, the exact content signed.
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-id"]).toBe("evt-1:hook");
    expect(request.headers["webhook-timestamp"]).toMatch(/^\d+$/);
    const timestamp = Number(request.headers["webhook-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(request.headers["webhook-signature"]).toBe(expectedSignature(SECRET, request));
  });

  it("sends exactly the bytes it signed, whitespace and non-ASCII included", async () => {
    receiver = await startLocalReceiver(204);
    // axios's JSON transform trims a string body; the signature must cover what is sent.
    const body = '  {"type":"pr.created","data":{"title":"Grüße ✓"}}\n';
    await (
      await sendSigned(receiver, body)
    ).outcome;
    const request = receiver.received[0]!;
    expect(request.body).toBe(body);
    expect(verify(SECRET, request)).toMatchObject({ type: "pr.created" });
    expect(request.headers["webhook-signature"]).toBe(expectedSignature(SECRET, request));
  });

  it("keeps webhook-id across retries and stamps each retry with its own time and signature", async () => {
    // The first request fails; the in-attempt retry comes 1.1 s later, in another second.
    receiver = await startLocalReceiver((index) => (index === 0 ? 500 : 204));
    const { outcome } = await sendSigned(
      receiver,
      '{"type":"pr.created"}',
      `      secret: ${SECRET}\n      retry_delay: 1100ms\n`,
    );
    await expect(outcome).resolves.toMatchObject({ statusCode: 204 });
    const [first, second] = receiver.received;
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(Number(second!.headers["webhook-timestamp"])).toBeGreaterThan(
      Number(first!.headers["webhook-timestamp"]),
    );
    for (const request of [first!, second!]) {
      expect(verify(SECRET, request)).toMatchObject({ type: "pr.created" });
      expect(request.headers["webhook-signature"]).toBe(expectedSignature(SECRET, request));
    }
  });

  it("signs with every key during a rotation, current first, each verifying on its own", async () => {
    receiver = await startLocalReceiver(204);
    await (
      await sendSigned(
        receiver,
        "{}",
        `      secret: ${SECRET}\n      previous_secrets: [${OLD_SECRET}]\n`,
      )
    ).outcome;
    const request = receiver.received[0]!;
    const signatures = String(request.headers["webhook-signature"]).split(" ");
    expect(signatures).toHaveLength(2);
    expect(verify(SECRET, request)).toEqual({});
    expect(verify(OLD_SECRET, request)).toEqual({});
    expect(signatures[0]).toBe(expectedSignature(SECRET, request));
    expect(signatures[1]).toBe(expectedSignature(OLD_SECRET, request));
  });

  it("never puts a '.' in webhook-id, since the signed content is id.timestamp.body", () => {
    // Notification ids come from POST /events callers and may contain dots.
    expect(webhookId("deploy.42.audit")).toBe("deploy:42:audit");
    expect(webhookId("batch-audit-0f3a")).toBe("batch-audit-0f3a");
    expect(signMessage(SECRET, "a.b.hook", new Date(0), "{}")["webhook-id"]).toBe("a:b:hook");
    expect(() => webhookSignature([SECRET], "a.b", 1, "{}")).toThrow(/ambiguous/);
    expect(() => webhookSignature([SECRET], "a", 1.5, "{}")).toThrow(/ambiguous/);
  });

  it.each([200, 201, 202, 204, 299])("counts %i as success", async (status) => {
    receiver = await startLocalReceiver(status);
    await expect((await sendSigned(receiver, "{}")).outcome).resolves.toMatchObject({
      statusCode: status,
    });
  });

  it.each([
    [301, true],
    [302, true],
    [303, true],
    [307, true],
    [308, true],
    [400, true],
    [404, true],
    [410, true],
    [408, false],
    [429, false],
    [500, false],
    [502, false],
    [503, false],
    [504, false],
  ])("counts %i as failure (permanent: %s), following no redirect", async (status, permanent) => {
    receiver = await startLocalReceiver(status, { location: "/elsewhere", "retry-after": "0" });
    const { outcome } = await sendSigned(
      receiver,
      "{}",
      `      secret: ${SECRET}\n      retries: 0\n`,
    );
    await expect(outcome).rejects.toMatchObject({ statusCode: status, permanent });
    expect(receiver.received.map((request) => request.url)).toEqual(["/hook"]);
  });
});
