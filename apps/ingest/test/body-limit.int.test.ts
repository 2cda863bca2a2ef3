import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const MEBIBYTE = 1024 * 1024;

interface UploadResult {
  status: number;
  body: string;
  /** MiB written before the answer arrived. */
  sentMiB: number;
}

/** Streams up to `totalMiB` of whitespace and stops as soon as the server answers. */
function upload(port: number, totalMiB: number, declareLength: boolean): Promise<UploadResult> {
  const chunk = Buffer.alloc(MEBIBYTE, 0x20);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/webhooks/github",
        headers: {
          "Content-Type": "application/json",
          ...(declareLength
            ? { "Content-Length": String(totalMiB * MEBIBYTE) }
            : { "Transfer-Encoding": "chunked" }),
          "X-GitHub-Event": "pull_request",
          "X-GitHub-Delivery": randomUUID(),
          "X-Hub-Signature-256": "sha256=00",
        },
      },
      (res) => {
        answered = true;
        let body = "";
        res.on("data", (data: Buffer) => (body += data.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body, sentMiB: sent });
          req.destroy();
        });
      },
    );
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < totalMiB) {
        sent += 1;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("request bodies over 25 MB", () => {
  let harness: IngestHarness;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    harness = await createIngestHarness();
    server = createServer(harness.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  it("answers 413 from Content-Length alone, before the body is sent", async () => {
    const result = await upload(port, 26, true);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(result.sentMiB).toBeLessThan(26);
  });

  it("answers 413 while a chunked upload is still streaming, long before it ends", async () => {
    const result = await upload(port, 100, false);
    expect(result.status).toBe(413);
    expect(result.sentMiB).toBeLessThan(60);
    expect(await harness.incomingQueue.count()).toBe(0);
  });

  it("accepts a body just under the limit as far as size goes", async () => {
    // 24 MiB of whitespace is not a valid signature, so 401, not 413.
    const result = await upload(port, 24, true);
    expect(result.status).toBe(401);
  });
});
