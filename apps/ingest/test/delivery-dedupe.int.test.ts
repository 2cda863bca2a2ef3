import { createHmac, randomUUID } from "node:crypto";
import request from "supertest";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { dedupeKey, incomingEventJobId, QUEUE_NAMES, type IncomingEventJob } from "@hookline/queue";
import { replayJob } from "../../dashboard/src/dead-letters/replay-dead-letters";
import { postGithub, signGithub, testRedisUrl, waitFor } from "@hookline/test-utils";
import { createIngestHarness, type IngestHarness } from "./support/ingest-harness";

// One delivery is one delivery, whatever id it arrives under (issue 17), for
// the whole window (`incoming.dedupe_ttl`, 72 h), through the job's
// completion, failure, retention trimming and replay.

const DAY_MS = 24 * 3600 * 1000;

let counter = 0;
/** A pull_request body no other test posts. */
function uniqueBody(): string {
  counter += 1;
  return JSON.stringify({
    action: "synchronize",
    number: counter,
    pull_request: { id: counter, number: counter, updated_at: new Date().toISOString() },
    repository: { id: 7, full_name: "octo/repo" },
    nonce: randomUUID(),
  });
}

const YAML = `
incoming:
  sources:
    deploys:
      secrets: deploy-secret
      delivery_header: X-Deploy-Id
    builds:
      secrets: deploy-secret
      delivery_header: X-Deploy-Id
`;

describe("deduplication of GitHub deliveries", () => {
  let harness: IngestHarness;
  let workerConnection: Redis;
  const workers: Worker[] = [];
  beforeEach(async () => {
    harness = await createIngestHarness({ yaml: YAML });
    workerConnection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close()));
    workerConnection.disconnect();
    await harness.close();
  });

  const post = (body: string, delivery: string, headers: Record<string, string> = {}) =>
    postGithub(harness.app, body, { "X-GitHub-Delivery": delivery, ...headers });

  /** A real BullMQ worker on the ingest's queue; `outcome` decides each job's fate. */
  function startWorker(outcome: (job: Job<IncomingEventJob>) => Promise<void>): Worker {
    const worker = new Worker<IncomingEventJob>(QUEUE_NAMES.githubEvents, outcome, {
      connection: workerConnection,
      prefix: harness.config.redis.prefix,
    });
    worker.on("error", () => undefined);
    workers.push(worker);
    return worker;
  }

  async function stateOf(jobId: string): Promise<string> {
    return (await harness.incomingQueue.getJobState(jobId)) as string;
  }

  it("answers a signed body re-sent under another delivery id as a duplicate and queues nothing", async () => {
    const body = uniqueBody();
    const first = randomUUID();
    await post(body, first).expect(202, { status: "queued", delivery_id: first });
    const replayed = randomUUID();
    await post(body, replayed).expect(200, { status: "duplicate", delivery_id: replayed });
    // Another event header changes nothing either: the signature covers the body only.
    const renamed = randomUUID();
    await post(body, renamed, { "X-GitHub-Event": "status" }).expect(200, {
      status: "duplicate",
      delivery_id: renamed,
    });
    expect(await harness.incomingQueue.count()).toBe(1);
    expect(await harness.incomingQueue.getJob(replayed)).toBeUndefined();
    expect((await harness.incomingQueue.getJob(first))?.data.body).toBe(body);
  });

  it("treats a form-encoded copy of a JSON delivery as the same delivery", async () => {
    const body = uniqueBody();
    await post(body, randomUUID()).expect(202);
    const form = `payload=${encodeURIComponent(body)}`;
    const copy = await post(form, randomUUID(), {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Hub-Signature-256": signGithub(form),
    }).expect(200);
    expect(copy.body.status).toBe("duplicate");
    expect(await harness.incomingQueue.count()).toBe(1);
  });

  it("answers another body under an accepted delivery id as a duplicate and keeps the first", async () => {
    const delivery = randomUUID();
    const original = uniqueBody();
    await post(original, delivery).expect(202);
    await post(uniqueBody(), delivery).expect(200, { status: "duplicate", delivery_id: delivery });
    expect(await harness.incomingQueue.count()).toBe(1);
    expect((await harness.incomingQueue.getJob(delivery))?.data.body).toBe(original);
  });

  it("does not let a refused copy's id claim a body: the body's own delivery is still accepted", async () => {
    const delivery = randomUUID();
    await post(uniqueBody(), delivery).expect(202);
    const unseen = uniqueBody();
    await post(unseen, delivery).expect(200); // an id already taken
    const genuine = randomUUID();
    await post(unseen, genuine).expect(202, { status: "queued", delivery_id: genuine });
  });

  it("sends the claim and the add on one connection, so Redis runs them in the order sent", async () => {
    // BullMQ wraps the ioredis instance it is given in a proxy; the socket is the instance's own.
    const backend = harness.incomingQueue.getBackend() as unknown as {
      client: Promise<{ stream: unknown }>;
    };
    const queueClient = await backend.client;
    expect(queueClient.stream).toBeDefined();
    expect(queueClient.stream).toBe(harness.redis.stream);
  });

  it("accepts the same body under many ids at once exactly once", async () => {
    const body = uniqueBody();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => post(body, randomUUID()).then((res) => res.status)),
    );
    expect(answers.filter((status) => status === 202)).toHaveLength(1);
    expect(answers.filter((status) => status === 200)).toHaveLength(11);
    expect(await harness.incomingQueue.count()).toBe(1);
  });

  it("keeps the id's window in BullMQ's deduplication key, the key the sweeper reads, for dedupe_ttl", async () => {
    const delivery = randomUUID();
    await post(uniqueBody(), delivery).expect(202);
    const key = dedupeKey(harness.config.redis.prefix, incomingEventJobId("github", delivery));
    expect(await harness.redis.get(key)).toBe(delivery);
    const ttl = await harness.redis.pttl(key);
    expect(ttl).toBeGreaterThan(harness.config.incoming.dedupe_ttl - 60_000);
    expect(ttl).toBeLessThanOrEqual(harness.config.incoming.dedupe_ttl);
    expect(harness.config.incoming.dedupe_ttl).toBe(3 * DAY_MS);
  });

  it("still answers duplicate after the job completed and was trimmed by retention", async () => {
    const delivery = randomUUID();
    const body = uniqueBody();
    await post(body, delivery).expect(202);
    startWorker(async () => undefined);
    await waitFor(async () => (await stateOf(delivery)) === "completed");
    await post(body, delivery).expect(200, { status: "duplicate", delivery_id: delivery });
    // removeOnComplete's age/count trimming deletes the job's keys and leaves
    // the deduplication key (BullMQ's removeJobsByMaxAge/MaxCount pass
    // shouldRemoveDeduplicationKey = false); here it is done by hand.
    const prefix = harness.config.redis.prefix;
    await harness.redis.del(`${prefix}:${QUEUE_NAMES.githubEvents}:${delivery}`);
    await harness.redis.zrem(`${prefix}:${QUEUE_NAMES.githubEvents}:completed`, delivery);
    expect(await harness.incomingQueue.getJob(delivery)).toBeUndefined();
    await post(body, delivery).expect(200, { status: "duplicate", delivery_id: delivery });
    await post(body, randomUUID()).expect(200);
    expect(await harness.incomingQueue.count()).toBe(0);
  });

  it("answers a dead letter's redelivery as duplicate, and its replay runs once and keeps the window", async () => {
    const delivery = randomUUID();
    const body = uniqueBody();
    await post(body, delivery).expect(202);
    let failNext = true;
    const ran: string[] = [];
    startWorker(async (job) => {
      ran.push(job.id!);
      if (failNext) {
        failNext = false;
        throw new UnrecoverableError("cannot apply");
      }
    });
    await waitFor(async () => (await stateOf(delivery)) === "failed");
    await post(body, delivery).expect(200);
    await post(body, randomUUID()).expect(200);
    await replayJob((await harness.incomingQueue.getJob(delivery))!, harness.incomingQueue);
    await waitFor(async () => (await stateOf(delivery)) === "completed");
    expect(ran).toEqual([delivery, delivery]);
    await post(body, delivery).expect(200, { status: "duplicate", delivery_id: delivery });
    const key = dedupeKey(harness.config.redis.prefix, delivery);
    expect(await harness.redis.pttl(key)).toBeGreaterThan(3 * DAY_MS - 60_000);
  });

  it("accepts the body again once its window is over", async () => {
    await harness.close();
    harness = await createIngestHarness({ yaml: "incoming:\n  dedupe_ttl: 300ms\n" });
    const body = uniqueBody();
    const delivery = randomUUID();
    await post(body, delivery).expect(202);
    await post(body, randomUUID()).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await harness.incomingQueue.remove(delivery);
    await post(body, randomUUID()).expect(202);
  });

  describe("custom sources", () => {
    const sign = (payload: string) =>
      createHmac("sha256", "deploy-secret").update(payload).digest("hex");
    const send = (source: string, payload: string, id: string) =>
      request(harness.app)
        .post(`/webhooks/${source}`)
        .set({
          "Content-Type": "application/json",
          "X-Deploy-Id": id,
          "X-Signature-256": sign(payload),
        })
        .send(payload);

    it("answers a body re-sent under another id as duplicate, per source", async () => {
      const payload = JSON.stringify({ deploy: randomUUID() });
      await send("deploys", payload, "d-1").expect(202);
      await send("deploys", payload, "d-2").expect(200, {
        status: "duplicate",
        delivery_id: "d-2",
      });
      // Another source is another sender: its copy is its own delivery, and so is GitHub's.
      await send("builds", payload, "d-2").expect(202);
      await postGithub(harness.app, payload, { "X-GitHub-Delivery": "d-3" }).expect(202);
      expect(await harness.incomingQueue.count()).toBe(3);
    });
  });
});
