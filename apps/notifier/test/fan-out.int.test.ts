import { Webhook } from "standardwebhooks";
import { startReceiver, waitFor, type Receiver } from "@hookline/test-utils";
import {
  CHANNEL_SECRET as AUDIT_SECRET,
  createNotifierHarness,
  type NotifierHarness,
} from "./support/notifier-harness";

describe("fan-out to channels, signed with Standard Webhooks", () => {
  let monitoring: Receiver;
  let alerting: Receiver;
  let audit: Receiver;
  let harness: NotifierHarness;
  beforeAll(async () => {
    [monitoring, alerting, audit] = await Promise.all([
      startReceiver(),
      startReceiver(),
      startReceiver(),
    ]);
    harness = await createNotifierHarness(
      `  channels:
    monitoring:
      url: ${monitoring.url}
      events: ["pr.*"]
      headers:
        Authorization: Bearer \${MONITORING_WEBHOOK_TOKEN}
        X-Environment: test
    alerting:
      url: ${alerting.url}
      events: ["pr.*", "system.worker.*"]
      min_priority: high
      secret: plain-text-secret-of-24-bytes
    audit:
      url: ${audit.url}
      events: [pr.created, pr.merged]
      secret: ${AUDIT_SECRET}
    disabled:
      url: ${audit.url}
      enabled: false
`,
      { MONITORING_WEBHOOK_TOKEN: "monitoring-token" },
    );
    await harness.start();
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all([monitoring, alerting, audit].map((receiver) => receiver.close()));
  });

  it("delivers each notification to every matching channel, once, with the documented body", async () => {
    const created = await harness.publish({
      id: "n-created",
      event_type: "pr.created",
      data: { number: 1 },
    });
    await harness.publish({
      id: "n-failed",
      event_type: "pr.checks.failed",
      priority: "high",
      data: { number: 1 },
    });
    await harness.publish({
      id: "n-worker",
      event_type: "system.worker.error",
      priority: "critical",
      data: {},
    });
    await harness.publish({
      id: "n-other",
      event_type: "issue.opened",
      priority: "critical",
      data: {},
    });
    await waitFor(
      () =>
        monitoring.received.length === 2 &&
        alerting.received.length === 2 &&
        audit.received.length === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing else arrives

    expect(
      monitoring.received.map((request) => JSON.parse(request.body).event_type).sort(),
    ).toEqual(["pr.checks.failed", "pr.created"]);
    expect(alerting.received.map((request) => JSON.parse(request.body).event_type).sort()).toEqual([
      "pr.checks.failed",
      "system.worker.error",
    ]);
    expect(audit.received).toHaveLength(1);
    const body = JSON.parse(audit.received[0]!.body);
    expect(body).toEqual({
      type: "pr.created",
      event_type: "pr.created",
      timestamp: expect.any(String),
      priority: "medium",
      data: { number: 1 },
    });
    expect(audit.received[0]!.headers["webhook-id"]).toBe(`${created}:audit`); // "." is ":" in a webhook-id
  });

  it("sends configured headers with ${ENV} interpolated", () => {
    const request = monitoring.received[0]!;
    expect(request.headers.authorization).toBe("Bearer monitoring-token");
    expect(request.headers["x-environment"]).toBe("test");
    expect(request.headers["content-type"]).toBe("application/json");
  });

  it("signs so that the standardwebhooks library verifies, for base64 and plain secrets", () => {
    const verify = (secret: Webhook, request: Receiver["received"][number]) =>
      secret.verify(request.body, request.headers as Record<string, string>);
    for (const request of audit.received)
      expect(verify(new Webhook(AUDIT_SECRET), request)).toMatchObject({
        event_type: "pr.created",
      });
    for (const request of alerting.received)
      expect(
        verify(new Webhook("plain-text-secret-of-24-bytes", { format: "raw" }), request),
      ).toHaveProperty("event_type");
    const tampered = {
      ...audit.received[0]!,
      body: audit.received[0]!.body.replace("pr.created", "pr.merged"),
    };
    expect(() => verify(new Webhook(AUDIT_SECRET), tampered)).toThrow();
  });

  it("records every HTTP attempt", async () => {
    await harness.flushAttempts();
    const rows = await harness.prisma.deliveryAttempt.findMany({
      where: { messageId: "n-created.audit" },
    });
    expect(rows).toEqual([
      expect.objectContaining({
        channel: "audit",
        attempt: 1,
        try: 1,
        statusCode: 200,
        error: null,
        notificationIds: ["n-created"],
      }),
    ]);
  });
});
