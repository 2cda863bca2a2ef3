import request from "supertest";
import { toJobId } from "@hookline/queue";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

describe("POST /events", () => {
  let harness: IngestHarness;
  beforeEach(async () => {
    harness = await createIngestHarness({
      yaml: "incoming:\n  events_api:\n    tokens: [token-one, token-two]\n",
    });
  });
  afterEach(() => harness.close());

  const publish = (body: unknown, token = "token-two") =>
    request(harness.app)
      .post("/events")
      .set("Authorization", `Bearer ${token}`)
      .send(body as object);

  it("queues a notification with its priority and answers 202 with its id", async () => {
    const response = await publish({
      event_type: "pr.analysis.failed",
      priority: "high",
      data: { pr_id: "42" },
    }).expect(202);
    expect(response.body).toEqual({ status: "queued", id: expect.stringMatching(/^evt-/) });
    const job = await harness.notificationQueue.getJob(response.body.id);
    expect(job?.opts.priority).toBe(2);
    expect(job?.data).toEqual({
      id: response.body.id,
      event_type: "pr.analysis.failed",
      priority: "high",
      data: { pr_id: "42" },
      timestamp: expect.any(String),
      source: "api",
    });
  });

  it("queues one notification for a repeated idempotency id", async () => {
    await publish({ id: "fix-42", event_type: "pr.fix.applied", data: {} }).expect(202);
    await publish({ id: "fix-42", event_type: "pr.fix.applied", data: {} }).expect(200, {
      status: "duplicate",
      id: "fix-42",
    });
    expect(await harness.notificationQueue.count()).toBe(1);
  });

  it("accepts an all-digit id, then answers 200 duplicate", async () => {
    await publish({ id: "717193", event_type: "pr.fix.applied" }).expect(202, {
      status: "queued",
      id: "717193",
    });
    await publish({ id: "717193", event_type: "pr.fix.applied" }).expect(200);
    const job = await harness.notificationQueue.getJob(toJobId("717193"));
    expect(job?.data).toMatchObject({ id: "717193", event_type: "pr.fix.applied", source: "api" });
  });

  it.each([
    ["no event_type", { data: {} }],
    ["a malformed event_type", { event_type: "Not An Event" }],
    ["an unknown priority", { event_type: "pr.created", priority: "urgent" }],
    ["data that is not an object", { event_type: "pr.created", data: [1] }],
  ])("answers 400 for %s", async (_name, body) => {
    const response = await publish(body).expect(400);
    expect(response.body.error.code).toBe("MALFORMED_BODY");
  });

  it("answers 400 for invalid JSON", async () => {
    await request(harness.app)
      .post("/events")
      .set({ Authorization: "Bearer token-one", "Content-Type": "application/json" })
      .send("{oops")
      .expect(400);
  });

  it("answers 401 without a valid token and queues nothing", async () => {
    await request(harness.app).post("/events").send({ event_type: "pr.created" }).expect(401);
    await publish({ event_type: "pr.created" }, "token-three").expect(401);
    expect(await harness.notificationQueue.count()).toBe(0);
  });
});

describe("POST /events refusal limit", () => {
  let harness: IngestHarness;
  beforeEach(async () => {
    harness = await createIngestHarness({
      yaml:
        "ingest:\n  trust_proxy: true\n" +
        "incoming:\n  rate_limit: 5\n  events_api:\n    tokens: [right-token]\n",
    });
  });
  afterEach(() => harness.close());

  const publish = (
    ip: string,
    token: string,
    body: string | object = { event_type: "pr.created" },
  ) =>
    request(harness.app)
      .post("/events")
      .set({ "X-Forwarded-For": ip, Authorization: `Bearer ${token}` })
      .type("json")
      .send(body);

  it("answers 429 + Retry-After to a wrong-token flood after the limit, logging each refusal without the token", async () => {
    const attacker = "198.51.100.23";
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 12; i += 1) {
      const response = await publish(attacker, `guess-${i}-secretish`);
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers["retry-after"];
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);

    // A valid token from another address is never held back; nor from the attacker's.
    await publish("203.0.113.9", "right-token").expect(202);
    await publish(attacker, "right-token").expect(202);

    const refused = harness.logLines().filter((line) => line.message === "event publish refused");
    expect(refused).toHaveLength(12);
    expect(refused[0]).toMatchObject({ status: 401, code: "UNAUTHORIZED", source_ip: attacker });
    expect(refused[11]).toMatchObject({ status: 429, code: "RATE_LIMITED", source_ip: attacker });
    const logged = JSON.stringify(harness.logLines());
    expect(logged).not.toContain("secretish");
    expect(logged).not.toContain("right-token");
  });

  it("counts malformed bodies (400) toward the same limit", async () => {
    const ip = "198.51.100.24";
    for (let i = 0; i < 5; i += 1) await publish(ip, "right-token", "{oops").expect(400);
    await publish(ip, "wrong").expect(429);
    await publish(ip, "right-token").expect(202);
  });
});
