import request from "supertest";
import { postGithub } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

describe("health and metrics", () => {
  let harness: IngestHarness;
  beforeEach(async () => {
    harness = await createIngestHarness();
  });
  afterEach(() => harness.close());

  it("GET /health answers while the process is alive", async () => {
    await request(harness.app).get("/health").expect(200, { status: "ok" });
  });

  it("GET /health/webhooks reports Redis, queue depths and the last accepted time", async () => {
    const before = await request(harness.app).get("/health/webhooks").expect(200);
    expect(before.body).toMatchObject({
      status: "healthy",
      checks: { redis: "ok" },
      last_processed: null,
      active_connections: expect.any(Number),
    });

    const body = JSON.stringify({ action: "opened" });
    await postGithub(harness.app, body).expect(202);
    const after = await request(harness.app).get("/health/webhooks").expect(200);
    expect(after.body.queue_depth["github-events"].waiting).toBe(1);
    expect(Date.parse(after.body.last_processed)).toBeGreaterThan(Date.now() - 5000);
  });

  it("GET /metrics exposes request counts, durations and queue depths", async () => {
    const body = JSON.stringify({ action: "opened" });
    await postGithub(harness.app, body);
    await request(harness.app)
      .post("/webhooks/github")
      .set({ "Content-Type": "application/json", "X-GitHub-Event": 'evil"label' })
      .send(body);
    const metrics = await request(harness.app).get("/metrics").expect(200);
    expect(metrics.text).toContain(
      'webhook_requests_total{event_type="pull_request",status="202",service="ingest"} 1',
    );
    expect(metrics.text).toContain(
      'webhook_requests_total{event_type="other",status="400",service="ingest"} 1',
    );
    expect(metrics.text).toMatch(
      /webhook_processing_duration_seconds_count\{service="ingest",event_type="pull_request"\} 1/,
    );
    expect(metrics.text).toContain(
      'queue_depth{queue="github-events",state="waiting",service="ingest"} 1',
    );
  });

  it("answers unknown routes with a JSON 404", async () => {
    const response = await request(harness.app).get("/nope").expect(404);
    expect(response.body.error.code).toBe("NOT_FOUND");
  });
});
