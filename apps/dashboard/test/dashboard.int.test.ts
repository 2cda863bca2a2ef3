import type { RequestListener } from "node:http";
import { PassThrough } from "node:stream";
import request from "supertest";
import { UnrecoverableError, Worker, type Queue } from "bullmq";
import { loadConfig } from "@hookline/config";
import { createLogger } from "@hookline/observability";
import { ALL_QUEUE_NAMES, createRedisConnection, QUEUE_NAMES } from "@hookline/queue";
import { testPrefix, testRedisUrl, waitFor } from "@hookline/test-utils";
import { parseReplayArguments } from "../src/replay-arguments";
import { startDashboard, type RunningDashboard } from "../src/start-dashboard";

describe("the dashboard", () => {
  const prefix = testPrefix();
  const config = loadConfig({
    role: "dashboard",
    env: { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix, DASHBOARD_PORT: "0" },
    yaml: "dashboard:\n  host: 127.0.0.1\n  username: oncall\n  password: correct-horse-battery\n",
  });
  const auth = `Basic ${Buffer.from("oncall:correct-horse-battery").toString("base64")}`;
  let dashboard: RunningDashboard;
  let app: RequestListener;
  let queues: Queue[];
  beforeAll(async () => {
    const logger = createLogger({
      service: "dashboard-test",
      level: "error",
      stream: new PassThrough().resume(),
    });
    dashboard = await startDashboard(config, { logger });
    app = dashboard.listener;
    queues = dashboard.queues;
  });
  afterAll(() => dashboard.close());

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
