import { createHmac, randomUUID } from "node:crypto";
import request from "supertest";
import { incomingEventJobId, toJobId } from "@hookline/queue";
import { postGithub } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const YAML = `
incoming:
  sources:
    deploys:
      secrets: deploy-secret
      algorithm: sha512
      signature_header: X-Deploy-Signature
      signature_encoding: base64
      event_header: X-Deploy-Event
      delivery_header: X-Deploy-Id
      rate_limit: 2
    plain:
      secrets: plain-secret
    a:
      secrets: a-secret
      delivery_header: X-Id
    a-b:
      secrets: a-secret
      delivery_header: X-Id
`;

const body = JSON.stringify({ environment: "production", status: "finished" });
const base64Sha512 = (payload: string, secret = "deploy-secret") =>
  createHmac("sha512", secret).update(payload).digest("base64");

describe("POST /webhooks/:source", () => {
  let harness: IngestHarness;
  beforeEach(async () => {
    harness = await createIngestHarness({ yaml: YAML });
  });
  afterEach(() => harness.close());

  function deploy(headers: Record<string, string> = {}, payload = body) {
    return request(harness.app)
      .post("/webhooks/deploys")
      .set({
        "Content-Type": "application/json",
        "X-Deploy-Event": "deployment.finished",
        "X-Deploy-Id": randomUUID(),
        "X-Deploy-Signature": base64Sha512(payload),
        ...headers,
      })
      .send(payload);
  }

  it("verifies the source's own algorithm, header and encoding, and queues under the source's name", async () => {
    const id = randomUUID();
    await deploy({ "X-Deploy-Id": id }).expect(202, { status: "queued", delivery_id: id });
    const job = await harness.incomingQueue.getJob(incomingEventJobId("deploys", id));
    expect(job?.name).toBe("deploys: deployment.finished");
    expect(job?.data).toMatchObject({
      source: "deploys",
      event: "deployment.finished",
      deliveryId: id,
      body,
    });
    await deploy({ "X-Deploy-Id": id }).expect(200, { status: "duplicate", delivery_id: id });
  });

  it("rejects a signature made with another secret or encoding", async () => {
    await deploy({ "X-Deploy-Signature": base64Sha512(body, "wrong") }).expect(401);
    await deploy({
      "X-Deploy-Signature": createHmac("sha512", "deploy-secret").update(body).digest("hex"),
    }).expect(401);
  });

  it("applies the source's own limit to refused requests, never to valid deliveries", async () => {
    const forged = { "X-Deploy-Signature": base64Sha512(body, "wrong") };
    await deploy(forged).expect(401);
    await deploy(forged).expect(401);
    const limited = await deploy(forged).expect(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // Each a delivery of its own (one body under another id is a duplicate).
    for (let i = 0; i < 4; i += 1)
      await deploy({}, JSON.stringify({ ...JSON.parse(body), attempt: i })).expect(202);
  });

  it("accepts an all-digit delivery id, then answers 200 duplicate", async () => {
    await deploy({ "X-Deploy-Id": "20261129" }).expect(202, {
      status: "queued",
      delivery_id: "20261129",
    });
    await deploy({ "X-Deploy-Id": "20261129" }).expect(200, {
      status: "duplicate",
      delivery_id: "20261129",
    });
    const job = await harness.incomingQueue.getJob(incomingEventJobId("deploys", "20261129"));
    expect(job?.data.deliveryId).toBe("20261129");
    expect(await harness.incomingQueue.getJob(toJobId("20261129"))).toBeUndefined();
  });

  it("keeps a custom source's delivery keys apart from GitHub's and from other sources'", async () => {
    await deploy({ "X-Deploy-Id": "20261129" }).expect(202);
    // The id the custom source's key used to be ("<source>-<id>") as a GitHub delivery.
    const github = JSON.stringify({ state: "success", sha: "abc", repository: { id: 7 } });
    const fromGithub = () =>
      postGithub(harness.app, github, {
        "X-GitHub-Event": "status",
        "X-GitHub-Delivery": "deploys-20261129",
      });
    await fromGithub().expect(202, { status: "queued", delivery_id: "deploys-20261129" });
    await fromGithub().expect(200, { status: "duplicate", delivery_id: "deploys-20261129" });

    // Source "a" id "b-c" and source "a-b" id "c".
    const sign = (payload: string) =>
      createHmac("sha256", "a-secret").update(payload).digest("hex");
    const custom = (source: string, id: string) =>
      request(harness.app)
        .post(`/webhooks/${source}`)
        .set({ "Content-Type": "application/json", "X-Id": id, "X-Signature-256": sign(body) })
        .send(body);
    await custom("a", "b-c").expect(202, { status: "queued", delivery_id: "b-c" });
    await custom("a-b", "c").expect(202, { status: "queued", delivery_id: "c" });
    await custom("a", "b-c").expect(200, { status: "duplicate", delivery_id: "b-c" });
    await custom("a-b", "c").expect(200, { status: "duplicate", delivery_id: "c" });
    expect((await harness.incomingQueue.getJob(incomingEventJobId("a", "b-c")))?.name).toMatch(
      /^a:/,
    );
    expect((await harness.incomingQueue.getJob(incomingEventJobId("a-b", "c")))?.name).toMatch(
      /^a-b:/,
    );
  });

  it("uses the body's SHA-256 as delivery id when the source sends none", async () => {
    const signature = createHmac("sha256", "plain-secret").update(body).digest("hex");
    const send = () =>
      request(harness.app)
        .post("/webhooks/plain")
        .set({ "Content-Type": "application/json", "X-Signature-256": signature })
        .send(body);
    const first = await send().expect(202);
    expect(first.body.delivery_id).toMatch(/^[0-9a-f]{64}$/);
    await send().expect(200, { status: "duplicate", delivery_id: first.body.delivery_id });
  });

  it("answers 404 for a source that is not configured", async () => {
    const response = await request(harness.app)
      .post("/webhooks/nope")
      .set("Content-Type", "application/json")
      .send(body)
      .expect(404);
    expect(response.body.error.code).toBe("UNKNOWN_SOURCE");
  });
});
