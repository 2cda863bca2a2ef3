// The whole path on a three-master Redis Cluster, every client seeded with a
// node that does NOT serve the prefix's slot: ingest -> worker -> notifier,
// rate limit, dedupe and replay. This file starts (and stops) its own cluster.
import { randomUUID } from "node:crypto";
import { UnrecoverableError, Worker } from "bullmq";
import request from "supertest";
import {
  createQueue,
  createRedisConnection,
  incomingEventJobId,
  QUEUE_NAMES,
  redisReady,
} from "@hookline/queue";
import { replayDeadLetters } from "../../dashboard/src/dead-letters/replay-dead-letters";
import {
  postGithub,
  pullRequestEvent,
  startOwnRedisCluster,
  startReceiver,
  testPrefix,
  waitFor,
  type OwnRedisCluster,
  type Receiver,
} from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";
import {
  createNotifierHarness,
  type NotifierHarness,
} from "../../notifier/test/support/notifier-harness";
import { createWorkerHarness, type WorkerHarness } from "../../worker/test/support/worker-harness";

describe("on a Redis Cluster, seeded with a node that does not own the slot", () => {
  let cluster: OwnRedisCluster;
  let env: Record<string, string>;
  const prefix = testPrefix();
  let ingest: IngestHarness;
  let worker: WorkerHarness;
  let notifier: NotifierHarness;
  let monitoring: Receiver;
  let audit: Receiver;

  beforeAll(async () => {
    cluster = await startOwnRedisCluster("cluster");
    env = { REDIS_CLUSTER_NODES: await cluster.seedAvoiding(prefix) };
    [monitoring, audit] = await Promise.all([startReceiver(), startReceiver()]);
    ingest = await createIngestHarness({
      env,
      prefix,
      yaml: "ingest:\n  trust_proxy: true\nincoming:\n  rate_limit: 3\n",
    });
    worker = await createWorkerHarness({ env, prefix });
    notifier = await createNotifierHarness(
      `  channels:
    monitoring:
      url: ${monitoring.url}
      events: ["pr.*"]
    audit:
      url: ${audit.url}
      events: ["pr.*"]
      batch_size: 5
      flush_interval: 500ms
`,
      env,
      prefix,
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all([ingest?.close(), worker?.close(), notifier?.close()]);
    await Promise.all([monitoring?.close(), audit?.close()]);
    await cluster?.close();
  }, 30_000);

  it("is really seeded away from the slot", async () => {
    expect(cluster.nodes).toContain(env.REDIS_CLUSTER_NODES);
    expect(await cluster.ownerOf(`${prefix}:github-events:wait`)).not.toBe(env.REDIS_CLUSTER_NODES);
    expect(ingest.config.redis.cluster_nodes).toEqual([env.REDIS_CLUSTER_NODES]);
    const health = await request(ingest.app).get("/health/webhooks").expect(200);
    expect(health.body.checks).toEqual({ redis: "ok", queues: "ok" });
  });

  it("carries a delivery from the ingest through the worker to the notifier's channels", async () => {
    await worker.startWorker();
    await notifier.start();
    const payload = pullRequestEvent({
      number: 7,
      action: "opened",
      updatedAt: "2026-11-29T09:00:00Z",
    });
    const delivery = "9090901"; // all digits, as some senders use
    await postGithub(ingest.app, JSON.stringify(payload), { "X-GitHub-Delivery": delivery }).expect(
      202,
    );
    await waitFor(() => monitoring.received.length > 0, {
      timeoutMs: 30_000,
      what: "pr.created at the monitoring channel",
    });
    expect(JSON.parse(monitoring.received[0]!.body)).toMatchObject({ event_type: "pr.created" });
    await waitFor(() => audit.received.length > 0, {
      timeoutMs: 30_000,
      what: "the audit channel's batch",
    });
    expect(JSON.parse(audit.received[0]!.body)).toEqual([
      expect.objectContaining({ event_type: "pr.created" }),
    ]);
    const row = await worker.prisma.pullRequest.findFirst({ where: { number: 7 } });
    expect(row?.state).toBe("OPEN");
  }, 60_000);

  it("answers 200 duplicate to a redelivery", async () => {
    const body = JSON.stringify({ zen: "x", action: "opened", pull_request: { id: 1 } });
    const headers = { "X-GitHub-Delivery": randomUUID() };
    await postGithub(ingest.app, body, headers).expect(202);
    await postGithub(ingest.app, body, headers).expect(200, {
      status: "duplicate",
      delivery_id: headers["X-GitHub-Delivery"],
    });
  });

  it("rate-limits refused requests per address, in the cluster", async () => {
    const forged = { "X-Forwarded-For": "198.51.100.3", "X-Hub-Signature-256": "sha256=00" };
    for (let i = 0; i < 3; i += 1) await postGithub(ingest.app, "{}", forged).expect(401);
    await postGithub(ingest.app, "{}", forged).expect(429);
  });

  it("replays a dead-lettered job by its caller id", async () => {
    const connection = createRedisConnection(
      { url: "redis://127.0.0.1:6379", cluster_nodes: [env.REDIS_CLUSTER_NODES!] },
      "worker",
    );
    await redisReady(connection);
    const queue = createQueue(QUEUE_NAMES.deliveries, { connection, prefix });
    // A queue no app consumes here; one throwaway worker dead-letters its job.
    const failing = new Worker(
      QUEUE_NAMES.deliveries,
      async () => {
        throw new UnrecoverableError("receiver gone");
      },
      { connection, prefix },
    );
    try {
      await notifier.stop();
      const jobId = incomingEventJobId("github", "5150");
      await queue.add("delivery", {} as never, { jobId });
      await waitFor(async () => (await queue.getJobState(jobId)) === "failed", {
        what: "the job to fail",
      });
      await failing.close();
      expect(await replayDeadLetters(queue, { jobId: "5150" })).toEqual({
        matched: [jobId],
        replayed: [jobId],
        refused: [],
      });
      expect(["waiting", "prioritized"]).toContain(await queue.getJobState(jobId));
    } finally {
      await failing.close();
      await queue.close();
      connection.disconnect();
    }
  }, 30_000);
});
