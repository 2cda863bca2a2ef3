import { Writable } from "node:stream";
import request from "supertest";
import { createLogger } from "@hookline/observability";
import { createDashboard } from "../src/create-dashboard";
import { parseReplayArguments } from "../src/replay/replay-arguments";
import {
  basic,
  startFixtureWithDeadLetters,
  type DashboardFixture,
} from "./support/dashboard-fixture";

// Three failed deliveries (acme/web#603 on two channels, acme/api#7): what on-call sees and who may touch it.
describe("the dashboard: jobs, people and controls", () => {
  let fixture: DashboardFixture;
  let web603: string;
  let api7: string;
  beforeAll(async () => {
    ({ fixture, web603, api7 } = await startFixtureWithDeadLetters());
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
