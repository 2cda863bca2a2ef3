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
      .get("/queues/api/queues?activeQueue=deliveries&status=failed")
      .set("Authorization", basic("vera"))
      .expect(200);
    const deliveries = listed.body.queues.find(
      (queue: { name: string }) => queue.name === "deliveries",
    );
    const shown = deliveries.jobs.find((item: { id: string }) => item.id === web603);
    // A 4xx is final: the name says so, as the reason does.
    expect(shown.name).toBe("[permanent] [medium] pr.created → alerting · acme/web#603");
    expect(shown.attemptsStarted).toBeUndefined(); // no "n started" beside "attempt #n"
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

  it("asks for named users, logs failed logins and throttles them per client network", async () => {
    await api().get("/queues/api/queues").expect(401).expect("WWW-Authenticate", /Basic/);
    await api().get("/health").expect(200);
    for (let i = 0; i < 3; i += 1)
      await api()
        .get("/queues/api/queues")
        .set("Authorization", basic("otto", "wrong-guess"))
        .expect(401);
    const throttled = await api()
      .get("/queues/api/queues")
      .set("Authorization", basic("otto", "wrong-guess"))
      .expect(429);
    expect(throttled.body.error.code).toBe("TOO_MANY_LOGINS");
    expect(throttled.body.error.message).toMatch(/from your network/);
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
    // Even the right password waits: the throttle is decided before the password is looked at.
    await api().get("/queues/api/queues").set("Authorization", basic("otto")).expect(429);
    const failed = fixture.logLines.filter((line) => line.includes("failed login"));
    expect(failed).toHaveLength(3);
    expect(failed.join("\n")).not.toContain("wrong-guess");
    await clearLoginFailures();
    await api().get("/queues/api/queues").set("Authorization", basic("otto")).expect(200);
  });

  const clearLoginFailures = async () => {
    const keys = await fixture.harness.redis.keys(
      `${fixture.config.redis.prefix}:dashboard:login:*`,
    );
    if (keys.length > 0) await fixture.harness.redis.del(...keys);
  };

  it("checks at most login_attempts passwords however many wrong ones arrive at once", async () => {
    await clearLoginFailures();
    const logged = fixture.logLines.length;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        api().get("/queues/api/queues").set("Authorization", basic("ada", "parallel-guess")),
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
    await clearLoginFailures();
  });

  describe("behind a reverse proxy (trust_proxy)", () => {
    // A fresh dashboard per step: no remembered credentials, every login is checked.
    const proxied = () =>
      request(
        createDashboard({
          config: {
            ...fixture.config,
            dashboard: { ...fixture.config.dashboard, trust_proxy: "loopback" },
          },
          queues: [fixture.harness.deliveryQueue],
          redis: fixture.harness.redis,
          prisma: fixture.harness.prisma,
          logger: createLogger({
            service: "dashboard-proxy-test",
            level: "error",
            stream: new Writable({ write: (_chunk, _encoding, done) => done() }),
          }),
        }),
      );
    const login = (app: ReturnType<typeof proxied>, from: string, password?: string) =>
      app
        .get("/queues/api/queues")
        .set("X-Forwarded-For", from)
        .set("Authorization", basic("ada", password));

    beforeEach(clearLoginFailures);
    afterAll(clearLoginFailures);

    it("counts clients, not the proxy: one client's guesses do not make another wait", async () => {
      const app = proxied();
      for (let i = 0; i < 3; i += 1) await login(app, "198.51.100.7", "guess").expect(401);
      await login(app, "198.51.100.7", "guess").expect(429);
      await app
        .get("/queues/api/queues")
        .set("X-Forwarded-For", "203.0.113.50")
        .set("Authorization", basic("otto"))
        .expect(200);
    });

    it("counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4: rotating addresses resets nothing", async () => {
      const app = proxied();
      for (let i = 1; i <= 3; i += 1) await login(app, `2001:db8:7:7::${i}`, "guess").expect(401);
      const rotated = await login(app, "2001:db8:7:7:ffff::9", "guess").expect(429);
      expect(rotated.body.error.message).toMatch(/from your network/);
      await clearLoginFailures();
      for (let i = 0; i < 3; i += 1) await login(app, "198.51.100.9", "guess").expect(401);
      await login(app, "::ffff:198.51.100.9", "guess").expect(429);
    });

    it("slows guesses at one user with a backoff, never locks its owner out, and clears it only on a correct password", async () => {
      // The owner signs in from home: that network is known to be theirs.
      const owner = proxied();
      await login(owner, "2001:db8:aaaa:1::10").expect(200);
      // Guesses from many networks: the per-network limit never trips, the user's backoff does.
      const app = proxied();
      const userNext = `${fixture.config.redis.prefix}:dashboard:login:user-next:ada`;
      const userFailures = `${fixture.config.redis.prefix}:dashboard:login:user-failures:ada`;
      for (let i = 1; i <= 3; i += 1) await login(app, `203.0.113.${i}`, "guess").expect(401);
      const slowed = await login(app, "203.0.113.4", "guess").expect(429);
      expect(slowed.body.error.message).toMatch(/too many failed logins for ada; try again in 1 s/);
      // Each further failure doubles the wait; pinned here so a slow machine cannot outwait it.
      await fixture.harness.redis.set(userNext, String(Date.now() + 60_000));
      // Remembered credentials (the board polling) go on working and clear nothing.
      await login(owner, "2001:db8:aaaa:1::10").expect(200);
      expect(await fixture.harness.redis.get(userFailures)).toBe("3");
      // The right password from a new network waits (it could be the attacker's)...
      await login(proxied(), "203.0.113.100").expect(429);
      // ...but the owner at home is let in at once, and that correct password clears the backoff.
      await login(proxied(), "2001:db8:aaaa:1::77").expect(200);
      expect(await fixture.harness.redis.exists(userFailures, userNext)).toBe(0);
      await login(proxied(), "203.0.113.101").expect(200);
    });

    it("accepts changes from the configured public origin when the proxy rewrites Host", async () => {
      const behind = createDashboard({
        config: {
          ...fixture.config,
          dashboard: { ...fixture.config.dashboard, public_origin: "https://hookline.example.com" },
        },
        queues: [fixture.harness.deliveryQueue],
        redis: fixture.harness.redis,
        prisma: fixture.harness.prisma,
        logger: createLogger({
          service: "dashboard-origin-test",
          level: "error",
          stream: new Writable({ write: (_chunk, _encoding, done) => done() }),
        }),
      });
      const replay = (origin: string) =>
        request(behind)
          .post("/api/replay")
          .set("Host", "dashboard:3001")
          .set("Origin", origin)
          .set("Authorization", basic("otto"))
          .send({ all: true, dry_run: true });
      await replay("https://hookline.example.com").expect(200);
      await replay("http://dashboard:3001").expect(403);
    });
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
    await request(local).get("/queues/api/queues").set("Host", "192.168.1.5:3011").expect(403);
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
      "/queues/api/queues/deliveries/empty",
      "/queues/api/queues/deliveries/obliterate",
      "/queues/api/queues/deliveries/pause",
      "/queues/api/queues/pause",
      `/queues/api/queues/deliveries/${web603}/promote`,
    ];
    for (const path of refused) {
      const answer = await api().put(path).set("Authorization", basic("ada")).expect(403);
      // Bull Board's error shape, so its toast says why.
      expect(answer.body).toEqual({
        error: { key: "ERRORS.FORBIDDEN" },
        message: expect.stringMatching(/is not offered on this dashboard/),
        code: "NOT_OFFERED",
      });
    }
    await api()
      .post("/queues/api/queues/deliveries/add")
      .set("Authorization", basic("ada"))
      .expect(403);
    await api()
      .patch(`/queues/api/queues/deliveries/${web603}/update-data`)
      .set("Authorization", basic("ada"))
      .expect(403);
    const clean = await api()
      .put("/queues/api/queues/deliveries/clean/failed")
      .set("Authorization", basic("otto"))
      .expect(403);
    expect(clean.body.message).toBe("otto is an operator; clean needs an admin");
    await api()
      .put(`/queues/api/queues/deliveries/${api7}/retry`)
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
  it("combine selectors, read times as the pages show them and refuse an empty or contradictory selection", () => {
    expect(parseReplayArguments(["--all"])).toEqual({
      request: { queue: "deliveries", selector: {}, dryRun: false },
      yes: false,
      json: false,
    });
    expect(
      parseReplayArguments(
        [
          "--repo",
          "acme/web",
          "--pr",
          "603",
          "--channel",
          "alerting",
          "--event",
          "pr.created",
          "--since",
          "2026-11-29 03:00:00 GMT+1",
          "--until",
          "2026-11-29 05:00",
          "--dry-run",
          "--yes",
          "--json",
        ],
        "Europe/Berlin",
      ),
    ).toEqual({
      request: {
        queue: "deliveries",
        selector: {
          repository: "acme/web",
          pr: 603,
          channel: "alerting",
          event: "pr.created",
          since: new Date("2026-11-29T02:00:00Z"),
          until: new Date("2026-11-29T04:00:00Z"), // no zone: dashboard.time_zone
        },
        dryRun: true,
      },
      yes: true,
      json: true,
    });
    expect(() => parseReplayArguments([])).toThrow(/nothing selected/);
    expect(() => parseReplayArguments(["--since", "2099-02-30 03:00"])).toThrow(/is not a time/);
    expect(() => parseReplayArguments(["--since", "2026-11-29 03:00 PST"])).toThrow(
      /is not a time/,
    );
    expect(() => parseReplayArguments(["--all", "--repo", "acme/web"])).toThrow(/leave it out/);
    expect(() => parseReplayArguments(["--queue", "nope", "--all"])).toThrow(/queue: expected/);
    expect(() => parseReplayArguments(["--pr"])).toThrow(/--pr needs a value/);
  });
});
