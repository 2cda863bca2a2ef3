import { randomUUID } from "node:crypto";
import request from "supertest";
import { postGithub, startOwnRedis, type OwnRedis } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

const body = JSON.stringify({ action: "opened", pull_request: { id: 1 } });

const post = (harness: IngestHarness, delivery: string) =>
  postGithub(harness.app, body, { "X-GitHub-Delivery": delivery });

describe("when Redis cannot take the job", () => {
  let redis: OwnRedis;
  let harness: IngestHarness;
  beforeAll(async () => {
    redis = await startOwnRedis("redis-down");
    harness = await createIngestHarness({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await harness.close();
    await redis.close();
  });

  it("answers 503 with Retry-After, acknowledges nothing, and accepts the redelivery once Redis is back", async () => {
    const delivery = randomUUID();
    await post(harness, randomUUID()).expect(202);
    await redis.stop();

    const started = Date.now();
    const down = await post(harness, delivery).expect(503);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(down.headers["retry-after"]).toBeDefined();
    expect(down.body.error.code).toBe("QUEUE_UNAVAILABLE");
    const health = await request(harness.app).get("/health/webhooks").expect(503);
    expect(health.body.checks.redis).toBe("unreachable");

    await redis.restart();
    // ioredis reconnects on its own; until then the answer stays 503.
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline && status !== 202) {
      status = (await post(harness, delivery)).status;
      if (status !== 202) {
        expect(status).toBe(503);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(status).toBe(202);
    expect((await harness.incomingQueue.getJob(delivery))?.data.deliveryId).toBe(delivery);
    await post(harness, delivery).expect(200);
  });
});
