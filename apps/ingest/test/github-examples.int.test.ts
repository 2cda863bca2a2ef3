import { randomUUID } from "node:crypto";
import request from "supertest";
import examples from "@octokit/webhooks-examples";
import { incomingEventJobSchema } from "@hookline/queue";
import { signGithub } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

interface Example {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}

// GitHub's own example payloads, as GitHub sends them (pretty-printed JSON).
function examplesOf(event: string): Array<[string, string, string | undefined]> {
  const entry = (examples as unknown as Example[]).find((candidate) => candidate.name === event)!;
  return entry.examples.map((payload, index) => [
    `${event} #${index} ${payload.action ?? ""}`,
    JSON.stringify(payload, null, 2),
    payload.action,
  ]);
}

// Check runs from creation and suites from request are handled (issue 17);
// requested_action asks the App that owns a run to act and changes nothing stored.
const handled = [
  ...examplesOf("pull_request"),
  ...examplesOf("check_run").filter(([, , action]) => action !== "requested_action"),
  ...examplesOf("check_suite"),
  ...examplesOf("status"),
  ...examplesOf("branch_protection_rule"),
];
const ignored = [
  ...examplesOf("check_run").filter(([, , action]) => action === "requested_action"),
];

describe("GitHub's example payloads", () => {
  let harness: IngestHarness;
  beforeAll(async () => {
    harness = await createIngestHarness({ env: { WEBHOOK_RATE_LIMIT: "0" } });
  });
  afterAll(() => harness.close());

  const send = (event: string, body: string, delivery: string) =>
    request(harness.app)
      .post("/webhooks/github")
      .set({
        "Content-Type": "application/json",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": signGithub(body),
      })
      .send(body);

  it("covers every kind of handled event", () => {
    expect(handled.length).toBeGreaterThan(30);
  });

  it.each(handled)("queues %s in the typed job shape", async (name, body, action) => {
    const event = name.split(" ")[0]!;
    const delivery = randomUUID();
    await send(event, body, delivery).expect(202);
    const job = await harness.incomingQueue.getJob(delivery);
    const data = incomingEventJobSchema.parse(job?.data);
    expect(data).toMatchObject({
      source: "github",
      event,
      deliveryId: delivery,
      action: action ?? null,
    });
    expect(data.body).toBe(body);
  });

  it.each(ignored)("answers 200 ignored for %s", async (name, body) => {
    const response = await send(name.split(" ")[0]!, body, randomUUID()).expect(200);
    expect(response.body.status).toBe("ignored");
  });
});
