import { randomUUID } from "node:crypto";
import request from "supertest";
import { octokitSign } from "@hookline/test-utils";
import { postGithub, SECRET, signGithub } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const pullRequestOpened = JSON.stringify({
  action: "opened",
  number: 1,
  pull_request: { id: 1, number: 1, title: "Add feature", updated_at: "2026-11-28T10:00:00Z" },
  repository: { id: 7, full_name: "octo/repo" },
  sender: { login: "octocat" },
});

const post = (
  harness: IngestHarness,
  body: string | Buffer,
  headers: Record<string, string> = {},
) => postGithub(harness.app, body, headers);

describe("POST /webhooks/github", () => {
  let harness: IngestHarness;
  beforeEach(async () => {
    harness = await createIngestHarness({
      env: { GITHUB_WEBHOOK_SECRET: `${SECRET},new-rotated-secret` },
    });
  });
  afterEach(() => harness.close());

  it("answers 202 queued only with the job in Redis, in the typed job shape", async () => {
    const delivery = randomUUID();
    const response = await post(harness, pullRequestOpened, {
      "X-GitHub-Delivery": delivery,
    }).expect(202);
    expect(response.body).toEqual({ status: "queued", delivery_id: delivery });
    const job = await harness.incomingQueue.getJob(delivery);
    expect(job?.name).toBe("pull_request.opened · octo/repo#1");
    expect(job?.data).toEqual({
      source: "github",
      deliveryId: delivery,
      event: "pull_request",
      action: "opened",
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      body: pullRequestOpened,
    });
  });

  it("answers the same before Express's router (exact path) and through it (path variants)", async () => {
    // The process serves POST /webhooks/github (any query) ahead of Express;
    // a trailing slash or other casing falls through to the Express route.
    for (const path of ["/webhooks/github?hook=1", "/webhooks/github/", "/Webhooks/GitHub"]) {
      const delivery = randomUUID();
      // A body of its own each time: the same body under another id is a duplicate.
      const body = JSON.stringify({ ...JSON.parse(pullRequestOpened), path });
      const response = await request(harness.app)
        .post(path)
        .set({
          "Content-Type": "application/json",
          "X-GitHub-Event": "pull_request",
          "X-GitHub-Delivery": delivery,
          "X-Hub-Signature-256": signGithub(body),
        })
        .send(body)
        .expect(202);
      expect(response.body).toEqual({ status: "queued", delivery_id: delivery });
      expect((await harness.incomingQueue.getJob(delivery))?.data.action).toBe("opened");
      const refused = await request(harness.app)
        .post(path)
        .set({ "Content-Type": "application/json", "X-GitHub-Event": "pull_request" })
        .set({ "X-GitHub-Delivery": randomUUID(), "X-Hub-Signature-256": signGithub("other") })
        .send(pullRequestOpened)
        .expect(401);
      expect(refused.body.error.code).toBe("INVALID_SIGNATURE");
    }
  });

  it("accepts a form-encoded body, verifying the signature over the raw form bytes", async () => {
    const delivery = randomUUID();
    const form = `payload=${encodeURIComponent(pullRequestOpened)}`;
    await post(harness, form, {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-GitHub-Delivery": delivery,
      "X-Hub-Signature-256": signGithub(form),
    }).expect(202);
    expect((await harness.incomingQueue.getJob(delivery))?.data.body).toBe(pullRequestOpened);
  });

  it("accepts both the old and the new secret during rotation, and nothing else", async () => {
    const second = JSON.stringify({ ...JSON.parse(pullRequestOpened), number: 2 });
    await post(harness, pullRequestOpened, {
      "X-Hub-Signature-256": signGithub(pullRequestOpened, SECRET),
    }).expect(202);
    await post(harness, second, {
      "X-Hub-Signature-256": signGithub(second, "new-rotated-secret"),
    }).expect(202);
    await post(harness, pullRequestOpened, {
      "X-Hub-Signature-256": signGithub(pullRequestOpened, "some-other-secret"),
    }).expect(401);
  });

  it("accepts a payload signed by an independent implementation (@octokit/webhooks-methods)", async () => {
    await post(harness, pullRequestOpened, {
      "X-Hub-Signature-256": octokitSign(SECRET, pullRequestOpened),
    }).expect(202);
  });

  it("rejects a body with one tampered byte and queues nothing", async () => {
    const delivery = randomUUID();
    const signature = signGithub(pullRequestOpened);
    const tampered = Buffer.from(pullRequestOpened);
    tampered[20] = tampered[20]! ^ 1;
    const response = await post(harness, tampered, {
      "X-Hub-Signature-256": signature,
      "X-GitHub-Delivery": delivery,
    }).expect(401);
    expect(response.body.error.code).toBe("INVALID_SIGNATURE");
    expect(await harness.incomingQueue.getJob(delivery)).toBeUndefined();
  });

  it("answers a redelivery of the same delivery id as duplicate and queues it once", async () => {
    const delivery = randomUUID();
    await post(harness, pullRequestOpened, { "X-GitHub-Delivery": delivery }).expect(202);
    const again = await post(harness, pullRequestOpened, { "X-GitHub-Delivery": delivery }).expect(
      200,
    );
    expect(again.body).toEqual({ status: "duplicate", delivery_id: delivery });
    expect(await harness.incomingQueue.count()).toBe(1);
  });

  it.each([
    ["ping", { zen: "Keep it logically awesome.", hook_id: 1 }],
    ["issues", { action: "opened" }],
    ["check_run", { action: "requested_action" }],
  ])("answers 200 ignored for %s without queueing", async (event, payload) => {
    const body = JSON.stringify(payload);
    const response = await post(harness, body, { "X-GitHub-Event": event }).expect(200);
    expect(response.body.status).toBe("ignored");
    expect(await harness.incomingQueue.count()).toBe(0);
  });

  it.each(["X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256"])(
    "answers 400 when %s is missing",
    async (header) => {
      const response = await post(harness, pullRequestOpened).unset(header).expect(400);
      expect(response.body.error).toEqual({
        code: "MISSING_HEADER",
        message: expect.stringContaining(header.toLowerCase()),
      });
    },
  );

  it.each([
    ["not JSON", "{not json"],
    ["a JSON array", "[1,2]"],
    ["JSON null", "null"],
  ])("answers 400 for a body that is %s", async (_name, body) => {
    const response = await post(harness, body).expect(400);
    expect(response.body.error.code).toBe("MALFORMED_BODY");
  });

  it("answers 400 for a form body without a payload field", async () => {
    const form = "other=1";
    await post(harness, form, {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Hub-Signature-256": signGithub(form),
    }).expect(400);
  });

  it("answers 400 for a delivery id that cannot be a job id", async () => {
    await post(harness, pullRequestOpened, { "X-GitHub-Delivery": "a:b" }).expect(400);
  });

  it("answers 415 for other content types", async () => {
    const response = await post(harness, pullRequestOpened, {
      "Content-Type": "text/plain",
    }).expect(415);
    expect(response.body.error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("never logs the secret or the signature", async () => {
    const signature = signGithub(pullRequestOpened);
    await post(harness, pullRequestOpened, { "X-Hub-Signature-256": signature }).expect(202);
    await post(harness, pullRequestOpened, {
      "X-Hub-Signature-256": signGithub(pullRequestOpened, "wrong"),
    }).expect(401);
    const lines = harness.logLines();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(signature.slice(7));
    expect(lines[0]).toMatchObject({
      event_type: "pull_request",
      delivery_id: expect.any(String),
      processing_ms: expect.any(Number),
      source_ip: expect.any(String),
      status: 202,
    });
  });
});
