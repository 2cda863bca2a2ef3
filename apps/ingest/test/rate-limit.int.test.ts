import { randomUUID } from "node:crypto";
import { Agent, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { postGithub, signGithub, testPrefix } from "@hookline/test-utils";
import { createIngestServer } from "../src/create-ingest-server";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const body = JSON.stringify({
  action: "opened",
  pull_request: { id: 1, number: 1 },
  repository: { full_name: "octo/repo" },
});
/** Another delivery each time: one body re-sent under another id is the same delivery. */
const freshBody = () => JSON.stringify({ ...(JSON.parse(body) as object), nonce: randomUUID() });

interface Answer {
  status: number;
  retryAfter?: string;
}

/** One POST over a real socket, through a keep-alive agent. */
function post(url: string, agent: Agent, headers: Record<string, string>): Promise<Answer> {
  const body = freshBody();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}/webhooks/github`,
      {
        method: "POST",
        agent,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": String(Buffer.byteLength(body)),
          "X-GitHub-Event": "pull_request",
          "X-GitHub-Delivery": randomUUID(),
          "X-Hub-Signature-256": signGithub(body),
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"] as string,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** `count` requests from `senders` concurrent senders; the answers' statuses in order of sending. */
async function flood(count: number, senders: number, send: () => Promise<Answer>) {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (next < count) {
        next += 1;
        answers.push(await send());
      }
    }),
  );
  return answers;
}

async function listenOn(harness: IngestHarness): Promise<{ server: Server; url: string }> {
  const server = createIngestServer(harness.config.ingest);
  server.on("request", harness.app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

// Default limit (100 refused requests per minute per address), behind a proxy
// that names the client, as GitHub's few sending addresses would reach us.
const YAML = "ingest:\n  trust_proxy: true\n";
const GITHUB = "192.0.2.10";

describe("admission: the rate limit is for refused requests only", () => {
  let harness: IngestHarness;
  let server: Server;
  let url: string;
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });
  beforeAll(async () => {
    harness = await createIngestHarness({ yaml: YAML });
    ({ server, url } = await listenOn(harness));
  });
  afterAll(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await harness.close();
  });

  it("accepts 2,000 signed deliveries from one address within a minute, every one queued", async () => {
    const started = Date.now();
    const answers = await flood(2000, 10, () => post(url, agent, { "X-Forwarded-For": GITHUB }));
    expect(Date.now() - started).toBeLessThan(60_000);
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses]).toEqual([202]);
    expect(await harness.incomingQueue.count()).toBe(2000);
  }, 120_000);

  it("answers 429 to a bad-signature flood after the limit, while valid deliveries still get 202", async () => {
    const attacker = "198.51.100.66";
    const forged = { "X-Forwarded-For": attacker, "X-Hub-Signature-256": signGithub(body, "x") };
    const answers = await flood(300, 10, () => post(url, agent, forged));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(100);
    expect(statuses.filter((status) => status === 429)).toHaveLength(200);
    const limited = answers.find((answer) => answer.status === 429)!;
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(120);

    expect((await post(url, agent, { "X-Forwarded-For": "203.0.113.9" })).status).toBe(202);
    // A valid signature is never refused for rate, even from the flooding address.
    expect((await post(url, agent, { "X-Forwarded-For": attacker })).status).toBe(202);
    expect((await post(url, agent, forged)).status).toBe(429);
  }, 60_000);
});

describe("admission across replicas", () => {
  let replicas: IngestHarness[];
  beforeEach(async () => {
    // Two replicas of the ingest sharing one Redis prefix, as in production.
    const prefix = testPrefix();
    const yaml = "ingest:\n  trust_proxy: true\nincoming:\n  rate_limit: 5\n";
    replicas = [
      await createIngestHarness({ yaml, prefix }),
      await createIngestHarness({ yaml, prefix }),
    ];
  });
  afterEach(() => Promise.all(replicas.map((replica) => replica.close())));

  const forged = (replica: IngestHarness, ip: string) =>
    postGithub(replica.app, body, { "X-Forwarded-For": ip, "X-Hub-Signature-256": "sha256=00" });

  it("shares one count per client address across replicas", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await forged(replicas[i % 2]!, "203.0.113.7")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const limited = await forged(replicas[1]!, "203.0.113.7").expect(429);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    await forged(replicas[0]!, "198.51.100.2").expect(401);
    await postGithub(replicas[0]!.app, freshBody(), { "X-Forwarded-For": "203.0.113.7" }).expect(
      202,
    );
  });

  it("counts a client by its network: rotating IPv6 addresses in one /64, or writing IPv4 as IPv6, resets nothing", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i += 1)
      statuses.push((await forged(replicas[i % 2]!, `2001:db8:5:5::${i.toString(16)}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    await forged(replicas[0]!, "2001:db8:5:6::1").expect(401); // the next /64 is someone else
    for (let i = 0; i < 5; i += 1) await forged(replicas[0]!, "198.51.100.77").expect(401);
    await forged(replicas[1]!, "::ffff:198.51.100.77").expect(429);
  });

  it("counts malformed requests and unknown sources too", async () => {
    const ip = "198.51.100.1";
    const app = replicas[0]!.app;
    await postGithub(app, "{", { "X-Forwarded-For": ip }).expect(400);
    await postGithub(app, body, { "X-Forwarded-For": ip, "Content-Type": "text/plain" }).expect(
      415,
    );
    await postGithub(app, body, { "X-Forwarded-For": ip, "X-GitHub-Event": "" }).expect(400);
    await forged(replicas[1]!, ip).expect(401);
    await forged(replicas[1]!, ip).expect(401);
    await forged(replicas[1]!, ip).expect(429);

    const probe = () =>
      request(app)
        .post("/webhooks/nope")
        .set({ "X-Forwarded-For": ip, "Content-Type": "application/json" })
        .send(body);
    for (let i = 0; i < 5; i += 1) await probe().expect(404);
    await probe().expect(429);
  });

  it("offers an opt-in budget for verified deliveries, off by default", async () => {
    const yaml = "ingest:\n  trust_proxy: true\nincoming:\n  verified_rate_limit: 2\n";
    const budgeted = await createIngestHarness({ yaml });
    try {
      const ip = { "X-Forwarded-For": "203.0.113.50" };
      await postGithub(budgeted.app, freshBody(), ip).expect(202);
      await postGithub(budgeted.app, freshBody(), ip).expect(202);
      const limited = await postGithub(budgeted.app, freshBody(), ip).expect(429);
      expect(limited.headers["retry-after"]).toBeDefined();
    } finally {
      await budgeted.close();
    }
  });
});
