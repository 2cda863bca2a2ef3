import request from "supertest";
import { waitFor, waitForJob } from "@hookline/test-utils";
import {
  basic,
  startFixtureWithDeadLetters,
  type DashboardFixture,
} from "./support/dashboard-fixture";

// Replays of the same three dead letters: the API, the dead-letter view's dry run and confirm, Bull Board's Retry.
describe("the dashboard: replay", () => {
  let fixture: DashboardFixture;
  let web603: string;
  let api7: string;
  beforeAll(async () => {
    ({ fixture, web603, api7 } = await startFixtureWithDeadLetters());
  });
  afterAll(() => fixture.close());

  const api = () => request(fixture.app);

  it("answers POST /api/replay with API errors, 409 for a job that is not failed, and a dry-run count", async () => {
    const post = (body: object, user: "vera" | "otto" = "otto") =>
      api().post("/api/replay").set("Authorization", basic(user)).send(body);
    expect((await post({}).expect(400)).body.error).toEqual({
      code: "INVALID_REPLAY_REQUEST",
      message: expect.stringMatching(/^nothing selected/),
    });
    expect((await post({ since: "2099-13-01 03:00" }).expect(400)).body.error.message).toMatch(
      /^since: "2099-13-01 03:00" is not a time; write it as the pages show it, such as 2026-11-29 03:00:00 UTC/,
    );
    expect((await post({ job: "nope" }).expect(404)).body.error.code).toBe("JOB_NOT_FOUND");
    expect((await post({ all: true }, "vera").expect(403)).body.error.code).toBe("FORBIDDEN");
    const dry = await post({
      repo: "acme/web",
      pr: 603,
      channel: "alerting",
      dry_run: true,
    }).expect(200);
    expect(dry.body).toEqual({
      queue: "deliveries",
      dry_run: true,
      matched: 1,
      replayed: 0,
      job_ids: [web603],
      refused: [],
    });
    const byEvent = await post({
      event: "pr.*",
      since: "2000-01-01 00:00:00 UTC", // as the pages show times
      dry_run: true,
    }).expect(200);
    expect(byEvent.body.matched).toBeGreaterThanOrEqual(4);

    fixture.receiver.reply(() => ({ status: 200, body: "thanks" }));
    const replayed = await post({ repo: "acme/api", channel: "alerting" }).expect(200);
    expect(replayed.body).toMatchObject({ matched: 1, replayed: 1, job_ids: [api7] });
    await waitForJob(fixture.harness.deliveryQueue, api7, ["completed"]);
    expect((await post({ job: api7 }).expect(409)).body.error).toEqual({
      code: "JOB_NOT_FAILED",
      message: expect.stringMatching(/is completed, not failed/),
    });
    await fixture.harness.flushAttempts();
    const rows = await fixture.harness.prisma.deliveryAttempt.findMany({
      where: { messageId: api7 },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => [row.statusCode, row.replay, row.answerExcerpt])).toEqual([
      [422, 0, '{"error":"unknown event type"}'],
      [200, 1, "thanks"],
    ]);
    await waitFor(async () =>
      /webhook_replays_total\{channel="alerting"[^}]*\} 1/.test(await fixture.harness.metrics()),
    );
    const entries = await fixture.harness.prisma.auditEntry.findMany({
      where: { origin: "api" },
      orderBy: { id: "asc" },
    });
    // Refused requests are recorded too: the 404 and the 409 above, with their reasons.
    expect(entries.map((row) => [row.outcome, row.selector])).toEqual([
      ["refused", { job: "nope" }],
      ["done", { repo: "acme/api", channel: "alerting" }],
      ["refused", { job: api7 }],
    ]);
    const entry = entries[1];
    expect(entry).toMatchObject({
      actor: "otto",
      action: "replay",
      queue: "deliveries",
      selector: { repo: "acme/api", channel: "alerting" },
      count: 1,
      jobIds: [api7],
      outcome: "done",
    });
    expect(entry!.finishedAt).toBeInstanceOf(Date);
    fixture.receiver.reply(() => ({ status: 422, body: "no" }));
  });

  it("answers parallel replays of one job with 200 and 409, never 500", async () => {
    const id = await fixture.publishFor("acme/race", 5);
    await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
    const logged = fixture.logLines.length;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        api().post("/api/replay").set("Authorization", basic("otto")).send({ job: id }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
    expect(statuses).toContain(200);
    for (const answer of answers.filter((each) => each.status === 409))
      expect(answer.body.error.code).toBe("JOB_NOT_FAILED");
    expect(fixture.logLines.slice(logged).join("\n")).not.toContain("unhandled error");
    await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
    // One replay won: the job carries one replay marker, not one per racer.
    expect((await fixture.harness.deliveryQueue.getJob(id))!.data.replay?.count).toBe(1);
  });

  it("changes nothing when a replay loses its race: the job read is no longer the job stored", async () => {
    const id = await fixture.publishFor("acme/stale", 9);
    await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
    const { replayJob, ReplayRefused } = await import("../src/dead-letters/replay-dead-letters");
    const stale = (await fixture.harness.deliveryQueue.getJob(id))!;
    // Another operator replays it first; it fails again (the receiver still says 422).
    await replayJob(
      (await fixture.harness.deliveryQueue.getJob(id))!,
      fixture.harness.deliveryQueue,
    );
    await waitFor(async () => {
      const job = await fixture.harness.deliveryQueue.getJob(id);
      return job?.data.replay?.count === 1 && (await job.isFailed());
    });
    const live = (await fixture.harness.deliveryQueue.getJob(id))!;
    await expect(replayJob(stale, fixture.harness.deliveryQueue)).rejects.toBeInstanceOf(
      ReplayRefused,
    );
    const after = (await fixture.harness.deliveryQueue.getJob(id))!;
    expect(after.data).toEqual(live.data);
    expect(await after.isFailed()).toBe(true);
  });

  it("records the intent before acting: if PostgreSQL refuses it, nothing is replayed", async () => {
    const id = await fixture.publishFor("acme/unrecorded", 3);
    await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
    const { createDashboard } = await import("../src/create-dashboard");
    const { createLogger } = await import("@hookline/observability");
    const { PassThrough } = await import("node:stream");
    const refusing = new Proxy(fixture.harness.prisma, {
      get(target, key) {
        if (key === "auditEntry")
          return {
            create: () => Promise.reject(new Error("PostgreSQL refused the insert")),
          };
        return Reflect.get(target, key);
      },
    });
    const app = createDashboard({
      config: fixture.config,
      queues: [fixture.harness.deliveryQueue],
      redis: fixture.harness.redis,
      prisma: refusing,
      logger: createLogger({ service: "t", level: "error", stream: new PassThrough() }),
    });
    await request(app)
      .post("/api/replay")
      .set("Authorization", basic("otto"))
      .send({ job: id })
      .expect(500);
    const job = (await fixture.harness.deliveryQueue.getJob(id))!;
    expect(await job.isFailed()).toBe(true);
    expect(job.data.replay).toBeUndefined();
  });

  it("confirms a dead-letter replay for exactly the jobs the dry run showed", async () => {
    const shownIds: string[] = [];
    for (let pr = 1; pr <= 4; pr += 1) shownIds.push(await fixture.publishFor("acme/confirm", pr));
    for (const id of shownIds) await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
    const form = { repo: "acme/confirm", channel: "alerting" };
    const post = (fields: Record<string, string>) =>
      api()
        .post("/dead-letters/replay")
        .set("Authorization", basic("otto"))
        .type("form")
        .send({ ...form, ...fields })
        .expect(200);
    const dry = await post({ step: "dry-run" });
    expect(dry.text).toMatch(/<strong id="matched">4<\/strong>/);
    const field = /name="job_ids"\s+value="([^"]*)"/.exec(dry.text)?.[1] ?? "";
    const jobIds = field.replaceAll("&quot;", '"');
    expect([...(JSON.parse(jobIds) as string[])].sort()).toEqual([...shownIds].sort());

    // Between the dry run and the confirmation: one shown job goes, an unseen one arrives.
    await (await fixture.harness.deliveryQueue.getJob(shownIds[0]!))!.remove();
    const unseen = await fixture.publishFor("acme/confirm", 5);
    await waitForJob(fixture.harness.deliveryQueue, unseen, ["failed"]);

    // `expected` as the old form sent it: a count alone would let the unseen job through.
    const done = await post({ step: "confirm", job_ids: jobIds, expected: "4" });
    expect(done.text).toMatch(/Replayed <strong>3<\/strong> of 4 dead letters/);
    const left = await fixture.harness.deliveryQueue.getJob(unseen);
    expect(await left!.isFailed()).toBe(true);
    expect(left!.data.replay).toBeUndefined();
    const entry = await fixture.harness.prisma.auditEntry.findFirst({
      where: { action: "replay", origin: "ui" },
      orderBy: { id: "desc" },
    });
    expect([...(entry!.jobIds as string[])].sort()).toEqual(shownIds.slice(1).sort());
    for (const id of shownIds.slice(1))
      await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);

    // A confirmation naming a job outside the dry run's selector replays nothing of it.
    const elsewhere = await fixture.publishFor("acme/elsewhere", 1);
    await waitForJob(fixture.harness.deliveryQueue, elsewhere, ["failed"]);
    const forged = await post({ step: "confirm", job_ids: JSON.stringify([elsewhere]) });
    expect(forged.text).toContain("nothing was replayed");
    expect((await fixture.harness.deliveryQueue.getJob(elsewhere))!.data.replay).toBeUndefined();

    // None of the shown set left: nothing is replayed, the operator is asked again.
    const again = await post({ step: "confirm", job_ids: JSON.stringify([shownIds[0]]) });
    expect(again.text).toContain("nothing was replayed");
    expect(again.text).toContain('id="confirm-replay"');
    expect((await fixture.harness.deliveryQueue.getJob(unseen))!.data.replay).toBeUndefined();
  });

  it("makes Retry on a failed job a replay (fresh attempts, same id), refuses it on a completed one, and audits it", async () => {
    const monitoring = web603.replace(".alerting", ".monitoring");
    const before = await fixture.harness.deliveryQueue.getJob(monitoring);
    expect(before!.attemptsMade).toBe(1);
    await api()
      .put(`/queues/api/queues/deliveries/${monitoring}/retry`)
      .set("Authorization", basic("otto"))
      .expect(204);
    await waitForJob(fixture.harness.deliveryQueue, monitoring, ["failed"]);
    await waitFor(async () => {
      const job = await fixture.harness.deliveryQueue.getJob(monitoring);
      return job?.data.replay?.count === 1 && (await job.isFailed());
    });
    const after = await fixture.harness.deliveryQueue.getJob(monitoring);
    expect(after!.attemptsMade).toBe(1); // a fresh set, not one more
    const completed = await api()
      .put(`/queues/api/queues/deliveries/${api7}/retry`)
      .set("Authorization", basic("otto"))
      .expect(409);
    // In the error shape Bull Board shows: its headline key and the reason under it.
    expect(completed.body).toEqual({
      error: { key: "ERRORS.FORBIDDEN" },
      message: expect.stringMatching(/is completed, not failed/),
      code: "JOB_NOT_FAILED",
    });
    const audit = await api().get("/api/audit").set("Authorization", basic("vera")).expect(200);
    // The refused retry is recorded too, with its reason; the replay before it as done.
    expect(audit.body.entries[0]).toMatchObject({
      actor: "otto",
      action: "retry",
      selector: { job: api7 },
      outcome: "refused",
      reason: expect.stringMatching(/is completed, not failed/),
    });
    expect(audit.body.entries[1]).toMatchObject({
      actor: "otto",
      action: "retry",
      origin: "ui",
      selector: { job: monitoring },
      jobIds: [monitoring],
      outcome: "done",
    });
    const page = await api().get("/audit").set("Authorization", basic("vera")).expect(200);
    expect(page.text).toContain(monitoring);
  });

  it("lets an admin clean a finished job, never a waiting or delayed one, recording each", async () => {
    const waiting = await fixture.harness.deliveryQueue.add("delivery", {} as never, {
      jobId: "waiting-clean-test",
      delay: 3_600_000,
    });
    const refused = await api()
      .put(`/queues/api/queues/deliveries/${waiting.id}/clean`)
      .set("Authorization", basic("ada"))
      .expect(409);
    expect(refused.body.message).toMatch(/is delayed: only completed or failed jobs are cleaned/);
    expect(await fixture.harness.deliveryQueue.getJob(waiting.id!)).toBeDefined();
    await waiting.remove();
    const extra = await fixture.publishFor("acme/tmp", 1, "monitoring");
    await waitForJob(fixture.harness.deliveryQueue, extra, ["failed"]);
    await api()
      .put(`/queues/api/queues/deliveries/${extra}/clean`)
      .set("Authorization", basic("ada"))
      .expect(204);
    expect(await fixture.harness.deliveryQueue.getJob(extra)).toBeUndefined();
    const entries = await fixture.harness.prisma.auditEntry.findMany({
      where: { action: "clean" },
      orderBy: { id: "asc" },
    });
    expect(entries).toEqual([
      expect.objectContaining({ actor: "ada", outcome: "refused", selector: { job: waiting.id } }),
      expect.objectContaining({ actor: "ada", outcome: "done", count: 1, jobIds: [extra] }),
    ]);
  });

  it("lists dead letters filtered by repository, escaped, with date and zone", async () => {
    const page = await api()
      .get("/dead-letters?repo=acme/web&channel=alerting")
      .set("Authorization", basic("vera"))
      .expect(200);
    expect(page.text).toContain(web603);
    expect(page.text).not.toContain(api7);
    expect(page.text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(page.text).toContain("acme/web#603");
    expect(page.text).toContain("{&quot;error&quot;:&quot;unknown event type&quot;}");
    expect(page.text).toContain("Your role may look, not replay.");
    const bad = await api()
      .get("/dead-letters?since=yesterday")
      .set("Authorization", basic("otto"))
      .expect(400);
    expect(bad.text).toContain("since: &quot;yesterday&quot; is not a time");
    // An unreadable filter selects nothing: no count, no replay button.
    expect(bad.text).not.toContain('id="total"');
    expect(bad.text).not.toContain("Replay the");
    // What the page shows is what the filter reads.
    const table = page.text.slice(page.text.indexOf('id="dead-letters"'));
    const shown = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/.exec(table)![0];
    const since = await api()
      .get(`/dead-letters?repo=acme/web&channel=alerting&since=${encodeURIComponent(shown)}`)
      .set("Authorization", basic("otto"))
      .expect(200);
    expect(since.text).toContain(web603);
    const bogus = await api()
      .get("/dead-letters?queue=bogus")
      .set("Authorization", basic("vera"))
      .expect(400);
    expect(bogus.text).toContain("queue: expected one of");
  });

  it("makes Retry all a replay of the failed set only, audited; never a retry of completed jobs", async () => {
    const completed = await api()
      .put("/queues/api/queues/deliveries/retry/completed")
      .set("Authorization", basic("ada"))
      .expect(403);
    expect(completed.body.code).toBe("NOT_RETRIABLE");
    const failedCount = await fixture.harness.deliveryQueue.getFailedCount();
    const all = await api()
      .put("/queues/api/queues/deliveries/retry/failed")
      .set("Authorization", basic("otto"))
      .expect(200);
    expect(all.body).toEqual({ retried: failedCount, skipped: 0 });
    const entry = await fixture.harness.prisma.auditEntry.findFirst({
      where: { action: "retry" },
      orderBy: { id: "desc" },
    });
    expect(entry).toMatchObject({
      actor: "otto",
      selector: { status: "failed", all: true },
      count: failedCount,
      outcome: "done",
    });
  });
});
