import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testPrefix, waitFor } from "@hookline/test-utils";
import { signGithub } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "../../ingest/test/support/ingest-harness";
import { checkRunEvent, pullRequestEvent } from "@hookline/test-utils";
import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";

// GitHub → HTTP → ingest → Redis → worker → PostgreSQL, all real.
describe("ingest to pull-request state, end to end", () => {
  let ingest: IngestHarness;
  let worker: WorkerHarness;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const prefix = testPrefix();
    ingest = await createIngestHarness({ prefix });
    worker = await createWorkerHarness({ prefix });
    await worker.startWorker();
    server = createServer(ingest.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await ingest.close();
    await worker.close();
  });

  async function deliver(event: string, payload: object): Promise<string> {
    const body = JSON.stringify(payload);
    const deliveryId = randomUUID();
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": deliveryId,
        "x-hub-signature-256": signGithub(body),
      },
      body,
    });
    expect(response.status).toBe(202);
    return deliveryId;
  }

  it("turns signed GitHub deliveries into pull-request rows, history and check state", async () => {
    await deliver(
      "pull_request",
      pullRequestEvent({
        number: 77,
        action: "opened",
        updatedAt: "2026-11-28T09:00:00Z",
        headSha: "e2e",
      }),
    );
    const last = await deliver(
      "check_run",
      checkRunEvent(7701, "e2e", "failure", "2026-11-28T09:01:00Z"),
    );
    await waitFor(
      async () =>
        (await worker.prisma.webhookDelivery.findUnique({ where: { deliveryId: last } }))
          ?.status === "PROCESSED",
    );
    const pr = await worker.prisma.pullRequest.findUniqueOrThrow({
      where: { id: 900_077n },
      include: { events: true },
    });
    expect(pr).toMatchObject({ number: 77, state: "OPEN", headSha: "e2e", checksState: "FAILURE" });
    expect(pr.events.map((event) => event.triggerEvent).sort()).toEqual([
      "CHECK_RUN_COMPLETED",
      "OPENED",
    ]);
  });
});
