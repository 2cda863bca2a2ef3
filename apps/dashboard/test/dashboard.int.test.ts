import { Writable } from "node:stream";
import request from "supertest";
import { createLogger } from "@hookline/observability";
import { createDashboard } from "../src/create-dashboard";
import { parseReplayArguments } from "../src/replay/replay-arguments";
import { waitFor, waitForJob } from "@hookline/test-utils";
import { basic, startDashboardFixture, type DashboardFixture } from "./support/dashboard-fixture";

describe("the dashboard", () => {
  let fixture: DashboardFixture;
  let web603: string;
  let api7: string;
  beforeAll(async () => {
    fixture = await startDashboardFixture();
    web603 = await fixture.publishFor("acme/web", 603);
    api7 = await fixture.publishFor("acme/api", 7);
    for (const id of [web603, api7, web603.replace(".alerting", ".monitoring")])
      await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
  });
  afterAll(() => fixture.close());

  const api = () => request(fixture.app);

  it("names jobs by event, channel and repository#PR, priorities as words, without stack traces", async () => {
    const job = await fixture.harness.deliveryQueue.getJob(web603);
    expect(job!.name).toBe("pr.created → alerting · acme/web#603");
    const listed = await api()
      .get("/api/queues?activeQueue=deliveries&status=failed")
      .set("Authorization", basic("vera"))
      .expect(200);
    const deliveries = listed.body.queues.find(
      (queue: { name: string }) => queue.name === "deliveries",
    );
    const shown = deliveries.jobs.find((item: { id: string }) => item.id === web603);
    expect(shown.name).toBe("[medium] pr.created → alerting · acme/web#603");
    expect(shown.stacktrace).toEqual([]);
    expect(shown.failedReason).toMatch(
      /^HTTP 422 from 127\.0\.0\.1:\d+: \{"error":"unknown event type"\} · attempt 1 of 2 · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · permanent, not retried$/,
    );
    expect(deliveries.allowCompletedRetries).toBe(false);
    expect(deliveries.readOnlyMode).toBe(true); // vera is a viewer
    expect(deliveries.description).toMatch(/kept 14 d/);
  });

  it("keeps the answer of a 4xx in delivery_attempts, logs the dead letter and counts it per channel", async () => {
    await fixture.harness.flushAttempts();
    const rows = await fixture.harness.prisma.deliveryAttempt.findMany({
      where: { messageId: web603 },
    });
    expect(rows).toEqual([
      expect.objectContaining({
        statusCode: 422,
        answerExcerpt: '{"error":"unknown event type"}',
        replay: 0,
      }),
    ]);
    expect(await fixture.harness.metrics()).toMatch(
      /webhook_dead_letters_total\{channel="alerting"[^}]*\} [1-9]/,
    );
  });

  it("asks for named users, logs failed logins and throttles them per user and address", async () => {
    await api().get("/api/queues").expect(401).expect("WWW-Authenticate", /Basic/);
    await api().get("/health").expect(200);
    for (let i = 0; i < 3; i += 1)
      await api().get("/api/queues").set("Authorization", basic("otto", "wrong-guess")).expect(401);
    const throttled = await api()
      .get("/api/queues")
      .set("Authorization", basic("otto", "wrong-guess"))
      .expect(429);
    expect(throttled.body.error.code).toBe("TOO_MANY_LOGINS");
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
    // Even the right password waits: the throttle is decided before the password is looked at.
    await api().get("/api/queues").set("Authorization", basic("otto")).expect(429);
    const failed = fixture.logLines.filter((line) => line.includes("failed login"));
    expect(failed).toHaveLength(3);
    expect(failed.join("\n")).not.toContain("wrong-guess");
    await fixture.harness.redis.del(
      `${fixture.config.redis.prefix}:dashboard:login-failures:user:otto`,
      `${fixture.config.redis.prefix}:dashboard:login-failures:address:::ffff:127.0.0.1`,
      `${fixture.config.redis.prefix}:dashboard:login-failures:address:127.0.0.1`,
    );
    await api().get("/api/queues").set("Authorization", basic("otto")).expect(200);
  });

  const clearLoginFailures = (user: string) =>
    fixture.harness.redis.del(
      `${fixture.config.redis.prefix}:dashboard:login-failures:user:${user}`,
      `${fixture.config.redis.prefix}:dashboard:login-failures:address:::ffff:127.0.0.1`,
      `${fixture.config.redis.prefix}:dashboard:login-failures:address:127.0.0.1`,
    );

  it("checks at most login_attempts passwords however many wrong ones arrive at once", async () => {
    await clearLoginFailures("ada");
    const logged = fixture.logLines.length;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        api().get("/api/queues").set("Authorization", basic("ada", "parallel-guess")),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    const limit = fixture.config.dashboard.login_attempts; // 3 in the fixture
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(limit);
    expect(statuses.filter((status) => status === 429)).toHaveLength(
      30 - statuses.filter((status) => status === 401).length,
    );
    const checked = fixture.logLines.slice(logged).filter((line) => line.includes("failed login"));
    expect(checked.length).toBeLessThanOrEqual(limit);
    await clearLoginFailures("ada");
  });

  it("clears a user's failures on a correct login, also a remembered one", async () => {
    await clearLoginFailures("ada");
    const userKey = `${fixture.config.redis.prefix}:dashboard:login-failures:user:ada`;
    await api().get("/api/queues").set("Authorization", basic("ada")).expect(200);
    for (let i = 0; i < 2; i += 1)
      await api().get("/api/queues").set("Authorization", basic("ada", "typo")).expect(401);
    expect(await fixture.harness.redis.get(userKey)).toBe("2");
    // Remembered credentials: no password check, but the run of failures ends all the same.
    await api().get("/api/queues").set("Authorization", basic("ada")).expect(200);
    expect(await fixture.harness.redis.exists(userKey)).toBe(0);
    await clearLoginFailures("ada");
  });

  it("answers to loopback Host names only when local-only without users (DNS rebinding)", async () => {
    const logger = createLogger({
      service: "dashboard-local-test",
      level: "error",
      stream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    const local = createDashboard({
      config: {
        ...fixture.config,
        dashboard: { ...fixture.config.dashboard, users: {}, local_only: true },
      },
      queues: [fixture.harness.deliveryQueue],
      redis: fixture.harness.redis,
      prisma: fixture.harness.prisma,
      logger,
    });
    const foreign = await request(local)
      .get("/dead-letters")
      .set("Host", "attacker.example:3011")
      .expect(403);
    expect(foreign.body).toEqual({
      error: { code: "NOT_LOOPBACK_HOST", message: expect.any(String) },
    });
    const replay = await request(local)
      .post("/api/replay")
      .set("Host", "attacker.example:3011")
      .set("Origin", "http://attacker.example:3011")
      .send({ all: true, dry_run: true })
      .expect(403);
    expect(replay.body.error.code).toBe("NOT_LOOPBACK_HOST");
    await request(local).get("/api/queues").set("Host", "192.168.1.5:3011").expect(403);
    for (const host of ["localhost:3011", "127.0.0.1:3011", "127.1.2.3", "[::1]:3011", "LOCALHOST"])
      await request(local).get("/dead-letters").set("Host", host).expect(200);
    await request(local)
      .post("/api/replay")
      .set("Host", "localhost:3011")
      .set("Origin", "http://localhost:3011")
      .send({ all: true, dry_run: true })
      .expect(200);
  });

  it("refuses Bull Board's destructive and editing controls to everyone, cleaning to all but admins", async () => {
    const refused = [
      "/api/queues/deliveries/empty",
      "/api/queues/deliveries/obliterate",
      "/api/queues/deliveries/pause",
      "/api/queues/pause",
      `/api/queues/deliveries/${web603}/promote`,
    ];
    for (const path of refused) {
      const answer = await api().put(path).set("Authorization", basic("ada")).expect(403);
      expect(answer.body.error.code).toBe("NOT_OFFERED");
    }
    await api().post("/api/queues/deliveries/add").set("Authorization", basic("ada")).expect(403);
    await api()
      .patch(`/api/queues/deliveries/${web603}/update-data`)
      .set("Authorization", basic("ada"))
      .expect(403);
    await api()
      .put("/api/queues/deliveries/clean/failed")
      .set("Authorization", basic("otto"))
      .expect(403);
    await api()
      .put(`/api/queues/deliveries/${api7}/retry`)
      .set("Authorization", basic("vera"))
      .expect(403);
  });

  it("refuses cross-site requests on mutating routes", async () => {
    const answer = await api()
      .post("/api/replay")
      .set("Authorization", basic("otto"))
      .set("Origin", "https://evil.example")
      .send({ all: true, dry_run: true })
      .expect(403);
    expect(answer.body).toEqual({
      error: { code: "CROSS_SITE_REQUEST", message: expect.any(String) },
    });
    await api()
      .post("/api/replay")
      .set("Authorization", basic("otto"))
      .set("Sec-Fetch-Site", "cross-site")
      .send({ all: true, dry_run: true })
      .expect(403);
  });

  it("answers POST /api/replay with API errors, 409 for a job that is not failed, and a dry-run count", async () => {
    const post = (body: object, user: "vera" | "otto" = "otto") =>
      api().post("/api/replay").set("Authorization", basic(user)).send(body);
    expect((await post({}).expect(400)).body.error).toEqual({
      code: "INVALID_REPLAY_REQUEST",
      message: expect.stringMatching(/^nothing selected/),
    });
    expect((await post({ since: "2099-01-01T03:00" }).expect(400)).body.error.message).toMatch(
      /^since: expected an ISO 8601 time with a zone/,
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
    });
    const byEvent = await post({
      event: "pr.*",
      since: "2000-01-01T00:00:00Z",
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
    const [entry] = await fixture.harness.prisma.auditEntry.findMany({ where: { origin: "api" } });
    expect(entry).toMatchObject({
      actor: "otto",
      action: "replay",
      queue: "deliveries",
      selector: { repo: "acme/api", channel: "alerting" },
      count: 1,
      jobIds: [api7],
    });
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
      .put(`/api/queues/deliveries/${monitoring}/retry`)
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
      .put(`/api/queues/deliveries/${api7}/retry`)
      .set("Authorization", basic("otto"))
      .expect(409);
    expect(completed.body.error.code).toBe("JOB_NOT_FAILED");
    const audit = await api().get("/api/audit").set("Authorization", basic("vera")).expect(200);
    expect(audit.body.entries[0]).toMatchObject({
      actor: "otto",
      action: "retry",
      origin: "ui",
      selector: { job: monitoring },
      jobIds: [monitoring],
    });
    const page = await api().get("/audit").set("Authorization", basic("vera")).expect(200);
    expect(page.text).toContain(monitoring);
  });

  it("lets an admin clean, recording what was removed", async () => {
    const extra = await fixture.publishFor("acme/tmp", 1, "monitoring");
    await waitForJob(fixture.harness.deliveryQueue, extra, ["failed"]);
    await api()
      .put(`/api/queues/deliveries/${extra}/clean`)
      .set("Authorization", basic("ada"))
      .expect(204);
    expect(await fixture.harness.deliveryQueue.getJob(extra)).toBeUndefined();
    const entry = await fixture.harness.prisma.auditEntry.findFirst({ where: { action: "clean" } });
    expect(entry).toMatchObject({ actor: "ada", count: 1, jobIds: [extra] });
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
      .set("Authorization", basic("vera"))
      .expect(400);
    expect(bad.text).toContain("since: expected an ISO 8601 time with a zone");
    const bogus = await api()
      .get("/dead-letters?queue=bogus")
      .set("Authorization", basic("vera"))
      .expect(400);
    expect(bogus.text).toContain("queue: expected one of");
  });

  it("makes Retry all a replay of the failed set only, audited; never a retry of completed jobs", async () => {
    const completed = await api()
      .put("/api/queues/deliveries/retry/completed")
      .set("Authorization", basic("ada"))
      .expect(403);
    expect(completed.body.error.code).toBe("NOT_RETRIABLE");
    const failedCount = await fixture.harness.deliveryQueue.getFailedCount();
    const all = await api()
      .put("/api/queues/deliveries/retry/failed")
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
    });
  });
});

describe("the replay command's arguments", () => {
  it("combine selectors, require a zone and refuse an empty or contradictory selection", () => {
    expect(parseReplayArguments(["--all"])).toEqual({
      queue: "deliveries",
      selector: {},
      dryRun: false,
    });
    expect(
      parseReplayArguments([
        "--repo",
        "acme/web",
        "--pr",
        "603",
        "--channel",
        "alerting",
        "--event",
        "pr.created",
        "--since",
        "2026-11-29T03:00+01:00",
        "--dry-run",
      ]),
    ).toEqual({
      queue: "deliveries",
      selector: {
        repository: "acme/web",
        pr: 603,
        channel: "alerting",
        event: "pr.created",
        since: new Date("2026-11-29T02:00:00Z"),
      },
      dryRun: true,
    });
    expect(() => parseReplayArguments([])).toThrow(/nothing selected/);
    expect(() => parseReplayArguments(["--since", "2099-01-01T03:00"])).toThrow(/with a zone/);
    expect(() => parseReplayArguments(["--all", "--repo", "acme/web"])).toThrow(/leave it out/);
    expect(() => parseReplayArguments(["--queue", "nope", "--all"])).toThrow(/queue: expected/);
    expect(() => parseReplayArguments(["--pr"])).toThrow(/--pr needs a value/);
  });
});
