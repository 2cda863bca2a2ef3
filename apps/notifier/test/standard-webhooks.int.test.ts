import { Webhook } from "standardwebhooks";
import { startReceiver, waitFor, type Receiver } from "@hookline/test-utils";
import {
  CHANNEL_SECRET,
  createNotifierHarness,
  type NotifierHarness,
} from "./support/notifier-harness";

// Standard Webhooks 1.0.0 (spec/standard-webhooks.md in
// github.com/standard-webhooks/standard-webhooks), end to end through the
// notifier: what a receiver sees. The library verifies; the rest it does not check.
const OLD_SECRET = "whsec_T2xkU2lnbmluZ0tleUJlaW5nUm90YXRlZE91dCE=";
// Keys are unique per receiver (the configuration refuses a shared one).
const BATCH_SECRET = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
const FLAKY_SECRET = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;
// "Event types": full-stop delimited identifiers of [a-zA-Z0-9_].
const SPEC_EVENT_TYPE = /^[a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)+$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const verify = (secret: string, request: Receiver["received"][number]) =>
  new Webhook(secret).verify(request.body, request.headers as Record<string, string>);

describe("Standard Webhooks through the notifier", () => {
  let single: Receiver;
  let batch: Receiver;
  let flaky: Receiver;
  let harness: NotifierHarness;
  beforeAll(async () => {
    [single, batch, flaky] = await Promise.all([
      startReceiver(),
      startReceiver(),
      startReceiver((index) => ({ status: index === 0 ? 500 : 204 })),
    ]);
    harness = await createNotifierHarness(
      `  channels:
    single:
      url: ${single.url}
      events: ["pr.*"]
      secret: ${CHANNEL_SECRET}
      previous_secrets: [${OLD_SECRET}]
    batch:
      url: ${batch.url}
      events: ["batched.*"]
      secret: ${BATCH_SECRET}
      batch_size: 2
      flush_interval: 200ms
    flaky:
      url: ${flaky.url}
      events: ["flaky.*"]
      secret: ${FLAKY_SECRET}
      retries: 0
      retry_schedule: [1100ms]
`,
    );
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all([single.close(), batch.close(), flaky.close()]);
  });

  it("sends { type, timestamp, data } as JSON, signed with the current and the previous secret", async () => {
    const id = await harness.publish({
      id: "deploy.7",
      event_type: "pr.created",
      data: { number: 7 },
    });
    await waitFor(() => single.received.length === 1);
    const request = single.received[0]!;
    const payload = verify(CHANNEL_SECRET, request) as Record<string, unknown>;
    expect(verify(OLD_SECRET, request)).toEqual(payload);
    expect(payload).toMatchObject({ type: "pr.created", data: { number: 7 } });
    expect(payload.type).toMatch(SPEC_EVENT_TYPE);
    expect(payload.timestamp).toMatch(ISO_8601);
    expect(request.headers["content-type"]).toBe("application/json");
    // The notification id came with a dot: the webhook-id has none, and is stable.
    expect(request.headers["webhook-id"]).toBe(`${id.replaceAll(".", ":")}:single`);
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
  });

  it("signs a batch the same way: an array of { type, timestamp, data }", async () => {
    await harness.publish({ event_type: "batched.one", data: { i: 1 } });
    await harness.publish({ event_type: "batched.two", data: { i: 2 } });
    await waitFor(() => batch.received.length === 1);
    const payload = verify(BATCH_SECRET, batch.received[0]!) as Record<string, unknown>[];
    expect(payload.map((entry) => entry.type).sort()).toEqual(["batched.one", "batched.two"]);
    for (const entry of payload) expect(entry.timestamp).toMatch(ISO_8601);
    expect(batch.received[0]!.headers["webhook-id"]).not.toContain(".");
  });

  it("keeps webhook-id across attempts, with each attempt's own timestamp", async () => {
    await harness.publish({ event_type: "flaky.event" });
    await waitFor(() => flaky.received.length === 2, { timeoutMs: 10_000 });
    const [first, second] = flaky.received;
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(Number(second!.headers["webhook-timestamp"])).toBeGreaterThan(
      Number(first!.headers["webhook-timestamp"]),
    );
    for (const request of [first!, second!])
      expect(verify(FLAKY_SECRET, request)).toHaveProperty("type");
  });
});
