import { connect, type Socket } from "node:net";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { createIngestServer } from "../src/create-ingest-server";
import { toJobId } from "@hookline/queue";
import { postGithub, signGithub, waitFor } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const body = JSON.stringify({ action: "opened", pull_request: { id: 1 } });

describe("every answer tells the truth", () => {
  let harness: IngestHarness;
  beforeEach(async () => {
    harness = await createIngestHarness();
  });
  afterEach(() => harness.close());

  it("accepts an all-digit X-GitHub-Delivery, then answers 200 duplicate", async () => {
    const headers = { "X-GitHub-Delivery": "123456" };
    await postGithub(harness.app, body, headers).expect(202, {
      status: "queued",
      delivery_id: "123456",
    });
    await postGithub(harness.app, body, headers).expect(200, {
      status: "duplicate",
      delivery_id: "123456",
    });
    const job = await harness.incomingQueue.getJob(toJobId("123456"));
    expect(job?.data.deliveryId).toBe("123456");
  });

  it("answers 400 naming the rule for a delivery id it cannot take", async () => {
    const response = await postGithub(harness.app, body, {
      "X-GitHub-Delivery": "a:b",
    }).expect(400);
    expect(response.body.error).toMatchObject({ code: "INVALID_DELIVERY_ID" });
    expect(response.body.error.message).toMatch(/letters, digits/);
  });

  it("answers 500, not 503, when Redis is up but the enqueue fails, and logs it at error with the delivery id", async () => {
    // A queue key of the wrong type: Redis answers, BullMQ's script fails (WRONGTYPE).
    await harness.redis.set(`${harness.config.redis.prefix}:github-events:meta`, "not-a-hash");
    const response = await postGithub(harness.app, body, {
      "X-GitHub-Delivery": "broken-1",
    }).expect(500);
    expect(response.body.error.code).toBe("INTERNAL");
    expect(response.headers["retry-after"]).toBeUndefined();
    const line = harness.logLines().find((entry) => entry.delivery_id === "broken-1");
    expect(line).toMatchObject({ level: "error", status: 500 });
    expect(JSON.stringify(line?.error)).toMatch(/WRONGTYPE/);
    expect(harness.logLines().some((entry) => entry.message === "unhandled error")).toBe(false);
  });

  it("answers /health/webhooks 503 (never 500) when a queue command fails", async () => {
    await request(harness.app).get("/health/webhooks").expect(200);
    await harness.redis.set(`${harness.config.redis.prefix}:github-events:wait`, "not-a-list");
    const health = await request(harness.app).get("/health/webhooks").expect(503);
    expect(health.body.checks.redis).toBe("ok");
    expect(health.body.checks.queues).toMatch(/^failing/);
  });
});

describe("slow and vanishing clients", () => {
  let harness: IngestHarness;
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    harness = await createIngestHarness({
      yaml: "ingest:\n  headers_timeout: 1s\n  request_timeout: 2s\n",
    });
    server = createIngestServer(harness.config.ingest);
    server.on("request", harness.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  /** A valid delivery (a body of its own) from another client, through the same listening server. */
  let delivered = 0;
  const deliver = () =>
    postGithub(
      `http://127.0.0.1:${port}`,
      JSON.stringify({ action: "opened", pull_request: { id: (delivered += 1) } }),
    );

  /** A raw connection; resolves when the server closes it, with what it answered. */
  function rawClient(): { socket: Socket; closed: Promise<string> } {
    const socket = connect(port, "127.0.0.1");
    sockets.push(socket);
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    socket.on("error", () => undefined);
    const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
    return { socket, closed };
  }

  const head = (length: number) =>
    [
      "POST /webhooks/github HTTP/1.1",
      "Host: 127.0.0.1",
      "Content-Type: application/json",
      "X-GitHub-Event: pull_request",
      "X-GitHub-Delivery: slow-body",
      `X-Hub-Signature-256: ${signGithub(body)}`,
      `Content-Length: ${length}`,
      "",
      "",
    ].join("\r\n");

  it("cuts off a client that sends its headers one byte at a time, while others get 202", async () => {
    const slow = rawClient();
    const text = head(Buffer.byteLength(body));
    let sent = 0;
    const dribble = setInterval(() => {
      if (sent < text.length && !slow.socket.destroyed) slow.socket.write(text[sent++]!);
    }, 100);
    try {
      for (let i = 0; i < 5; i += 1) await deliver().expect(202);
      const started = Date.now();
      const answer = await slow.closed;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(sent).toBeLessThan(text.length);
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(dribble);
    }
  }, 20_000);

  it("cuts off a body that never finishes with 408 and logs it as a server timeout, not a client abort, while others get 202", async () => {
    const stalled = rawClient();
    stalled.socket.write(head(Buffer.byteLength(body)) + body.slice(0, 10));
    for (let i = 0; i < 5; i += 1) await deliver().expect(202);
    const answer = await stalled.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await waitFor(
      async () => harness.logLines().some((entry) => entry.delivery_id === "slow-body"),
      { timeoutMs: 10_000, what: "the timeout to be logged" },
    );
    const line = harness.logLines().find((entry) => entry.delivery_id === "slow-body")!;
    expect(line).toMatchObject({
      level: "warn",
      message: "webhook upload timed out",
      status: 408,
    });
    const metrics = await request(`http://127.0.0.1:${port}`).get("/metrics").expect(200);
    expect(metrics.text).toMatch(/webhook_requests_total\{[^}]*status="408"[^}]*\} 1/);
    expect(metrics.text).not.toMatch(/webhook_requests_total\{[^}]*status="499"/);
    expect(harness.logLines().some((entry) => entry.message === "unhandled error")).toBe(false);
    expect(await harness.incomingQueue.getJob("slow-body")).toBeUndefined();
  }, 20_000);

  it("logs a client that disconnects mid-upload as an abort, not an error", async () => {
    const client = rawClient();
    client.socket.write(head(Buffer.byteLength(body)).replace("slow-body", "gone-1") + "{");
    await new Promise((resolve) => setTimeout(resolve, 200));
    client.socket.destroy();
    await waitFor(async () => harness.logLines().some((entry) => entry.delivery_id === "gone-1"), {
      timeoutMs: 5000,
      what: "the abort to be logged",
    });
    const line = harness.logLines().find((entry) => entry.delivery_id === "gone-1")!;
    expect(line).toMatchObject({
      level: "warn",
      status: 499,
      message: "webhook upload aborted by client",
    });
  });
});
