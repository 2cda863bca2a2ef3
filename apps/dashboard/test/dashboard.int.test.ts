import request from "supertest";
import { UnrecoverableError, Worker } from "bullmq";
import { loadConfig } from "@hookline/config";
import { createDashboard, parseReplayArguments } from "@hookline/dashboard";
import {
  ALL_QUEUE_NAMES,
  createQueue,
  createRedisConnection,
  QUEUE_NAMES,
  redisReady,
} from "@hookline/queue";
import { testPrefix, testRedisUrl, waitFor } from "@hookline/test-utils";

describe("the dashboard", () => {
  const prefix = testPrefix();
  const redis = createRedisConnection(testRedisUrl(), "producer");
  const queues = ALL_QUEUE_NAMES.map((name) => createQueue(name, { connection: redis, prefix }));
  const config = loadConfig({
    role: "dashboard",
    env: {},
    yaml: "dashboard:\n  username: oncall\n  password: correct-horse-battery\n",
  });
  const app = createDashboard({ config, queues });
  const auth = `Basic ${Buffer.from("oncall:correct-horse-battery").toString("base64")}`;
  beforeAll(() => redisReady(redis));
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    redis.disconnect();
  });

  it("refuses without credentials, or with wrong ones", async () => {
    await request(app).get("/api/queues").expect(401).expect("WWW-Authenticate", /Basic/);
    await request(app)
      .get("/api/queues")
      .set("Authorization", `Basic ${Buffer.from("oncall:wrong").toString("base64")}`)
      .expect(401);
    await request(app).get("/health").expect(200);
    const metrics = await request(app).get("/metrics").expect(200);
    expect(metrics.text).toContain(
      'queue_depth{queue="deliveries",state="failed",service="dashboard"}',
    );
  });

  it("shows every queue in Bull Board", async () => {
    const response = await request(app).get("/api/queues").set("Authorization", auth).expect(200);
    expect(response.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(
      [...ALL_QUEUE_NAMES].sort(),
    );
    const page = await request(app).get("/").set("Authorization", auth).expect(200);
    expect(page.text).toContain("hookline");
  });

  it("replays failed jobs through POST /api/replay", async () => {
    const deliveries = queues.find((queue) => queue.name === QUEUE_NAMES.deliveries)!;
    let runs = 0;
    const consumer = createRedisConnection(testRedisUrl(), "worker");
    const worker = new Worker(
      QUEUE_NAMES.deliveries,
      async () => {
        runs += 1;
        if (runs === 1) throw new UnrecoverableError("receiver down");
      },
      { connection: consumer, prefix },
    );
    await deliveries.add("delivery", {} as never, { jobId: "msg-1" });
    await waitFor(async () => (await deliveries.getJob("msg-1"))?.isFailed());
    await request(app)
      .post("/api/replay")
      .set("Authorization", auth)
      .send({ queue: "deliveries", job: "nope" })
      .expect(404);
    await request(app)
      .post("/api/replay")
      .set("Authorization", auth)
      .send({ queue: "deliveries" })
      .expect(400);
    const replayed = await request(app)
      .post("/api/replay")
      .set("Authorization", auth)
      .send({ queue: "deliveries", all: true })
      .expect(200);
    expect(replayed.body).toEqual({ queue: "deliveries", replayed: 1, job_ids: ["msg-1"] });
    await waitFor(async () => (await deliveries.getJob("msg-1"))?.isCompleted());
    expect(runs).toBe(2);
    await worker.close();
    consumer.disconnect();
  });

  it("parses the replay command's arguments strictly", () => {
    expect(parseReplayArguments(["--all"])).toEqual({ queue: "deliveries" });
    expect(
      parseReplayArguments(["--queue", "github-events", "--since", "2026-11-28T00:00:00Z"]),
    ).toEqual({ queue: "github-events", since: new Date("2026-11-28T00:00:00Z") });
    expect(() => parseReplayArguments([])).toThrow(/exactly one/);
    expect(() => parseReplayArguments(["--all", "--job", "x"])).toThrow(/exactly one/);
    expect(() => parseReplayArguments(["--queue", "nope", "--all"])).toThrow(
      /unexpected --queue nope/,
    );
  });
});
