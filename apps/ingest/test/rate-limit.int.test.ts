import { testPrefix } from "@hookline/test-utils";
import { postGithub } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const body = JSON.stringify({ zen: "ping" });

const ping = (harness: IngestHarness, ip = "203.0.113.7") =>
  postGithub(harness.app, body, { "X-Forwarded-For": ip, "X-GitHub-Event": "ping" });

describe("rate limiting", () => {
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

  it("shares one limit per client IP across replicas and answers 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await ping(replicas[i % 2]!)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    const limited = await ping(replicas[0]!);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
  });

  it("counts each client IP separately", async () => {
    for (let i = 0; i < 5; i += 1) await ping(replicas[0]!, "198.51.100.1").expect(200);
    await ping(replicas[0]!, "198.51.100.1").expect(429);
    await ping(replicas[1]!, "198.51.100.2").expect(200);
  });
});
