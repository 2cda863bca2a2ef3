import { PassThrough } from "node:stream";
import { UnrecoverableError, Worker } from "bullmq";
import { createLogger } from "@hookline/observability";
import request from "supertest";
import { controlChannel } from "@hookline/delivery";
import { createQueue, createRedisConnection, QUEUE_NAMES } from "@hookline/queue";
import { eventJob, waitFor, waitForJob } from "@hookline/test-utils";
import { createAuditLog } from "../src/audit/audit-log";
import { runReplayCommand, type ReplayCommandIo } from "../src/replay/replay-command";
import { NAVIGATION } from "../src/http/navigation";
import { basic, startDashboardFixture, type DashboardFixture } from "./support/dashboard-fixture";
import { seedPullRequest, type SeededPullRequest } from "./support/pull-request-seed";

// The on-call pages: the Overview, a pull request's page, permanent
// failures and the replay command, over a real notifier and real stores.
describe("the dashboard's on-call pages", () => {
  let fixture: DashboardFixture;
  let seeded: SeededPullRequest;
  let alerting: string;
  let monitoring: string;
  const api = () => request(fixture.app);
  const circuitKey = () => `${fixture.config.redis.prefix}:circuit:alerting`;

  beforeAll(async () => {
    fixture = await startDashboardFixture();
    seeded = await seedPullRequest(fixture.harness.prisma);
    const id = `${seeded.deliveryIds[0]}.${seeded.pullRequestId}.pr.created`;
    await fixture.harness.publish({
      id,
      event_type: "pr.created",
      data: { repository: seeded.repository, number: seeded.number, title: "Retry webhooks" },
    });
    alerting = `${id}.alerting`;
    monitoring = `${id}.monitoring`;
    for (const jobId of [alerting, monitoring])
      await waitForJob(fixture.harness.deliveryQueue, jobId, ["failed"]);
    await fixture.harness.flushAttempts();
    await fixture.harness.prisma.githubSweepCursor.create({
      data: {
        hookKey: "repository:acme/web:101",
        cursorAt: new Date("2026-12-06T20:00:00Z"),
        lastSuccessAt: new Date("2026-12-06T21:00:00Z"),
      },
    });
  });
  afterAll(async () => {
    await fixture.harness.redis.del(circuitKey());
    await fixture.close();
  });

  it("opens on the Overview: dead letters per queue and channel, held circuits, delayed counts, the last sweep", async () => {
    const until = Date.UTC(2099, 11, 6, 21, 41, 0); // still cooling down
    await fixture.harness.redis.hset(circuitKey(), {
      state: "open",
      failures: "5",
      until: String(until),
    });
    const json = await api().get("/api/overview").set("Authorization", basic("vera")).expect(200);
    // The Channels page's reader: every configured channel, with its state and dead letters.
    expect(json.body.channels).toEqual([
      expect.objectContaining({
        channel: "alerting",
        enabled: true,
        failed: 1,
        circuit: "open",
        failures: 5,
        circuitUntil: until,
        rateLimit: null,
      }),
      expect.objectContaining({
        channel: "monitoring",
        enabled: true,
        failed: 1,
        circuit: "closed",
      }),
    ]);
    expect(json.body.queues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: "deliveries", failed: 2, delayed: 0 }),
      ]),
    );
    expect(json.body.sweeps).toEqual([
      expect.objectContaining({ hook: "repository:acme/web:101", redeliveriesPending: 0 }),
    ]);
    const page = await api().get("/").set("Authorization", basic("vera")).expect(200);
    expect(page.text).toContain("circuit open until 2099-12-06 21:41:00 UTC · 5 failures in a row");
    // Jobs waiting for a later try are counted on the dead-letter page too, not hidden.
    const later = await fixture.harness.deliveryQueue.add("delivery", {} as never, {
      jobId: "overview-delayed",
      delay: 3_600_000,
    });
    const letters = await api()
      .get("/dead-letters")
      .set("Authorization", basic("vera"))
      .expect(200);
    expect(letters.text).toMatch(/id="delayed">\s*1 more jobs in deliveries wait for a later try/);
    await later.remove();
    expect(page.text).toContain("2026-12-06 21:00:00 UTC"); // the last completed sweep
    expect(page.text).toContain('href="/dead-letters?queue=deliveries&channel=alerting"');
    expect(page.text).toContain('id="find-pull-request"');
    await fixture.harness.redis.del(circuitKey());
  });

  it("shows a disabled channel on the Overview, who disabled it and since when", async () => {
    const { prefix } = fixture.config.redis;
    const { redis, deliveryQueue } = fixture.harness;
    await controlChannel(redis, deliveryQueue, prefix, "monitoring", "disable");
    try {
      const json = await api().get("/api/overview").set("Authorization", basic("vera")).expect(200);
      const monitoring = json.body.channels.find(
        (channel: { channel: string }) => channel.channel === "monitoring",
      );
      expect(monitoring).toMatchObject({ enabled: false, disabledBy: "operator" });
      expect(monitoring.disabledAt).toEqual(expect.any(Number));
      const page = await api().get("/").set("Authorization", basic("vera")).expect(200);
      const row = /<tr data-channel="monitoring">(.*?)<\/tr>/s.exec(page.text)![1]!;
      expect(row).toMatch(/class="bad"/);
      expect(row).toMatch(/disabled by operator since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    } finally {
      await controlChannel(redis, deliveryQueue, prefix, "monitoring", "enable");
    }
    const after = await api().get("/").set("Authorization", basic("vera")).expect(200);
    expect(/<tr data-channel="monitoring">(.*?)<\/tr>/s.exec(after.text)![1]!).not.toContain(
      "disabled",
    );
  });

  it("puts one navigation on every page, Bull Board's included, and serves its fonts itself", async () => {
    for (const path of ["/", "/dead-letters", "/pull-requests", "/audit", "/queues"]) {
      const page = await api().get(path).set("Authorization", basic("vera")).expect(200);
      for (const item of NAVIGATION) expect(page.text).toContain(`href="${item.url}"`);
      expect(page.text).not.toMatch(/(href|src)="https?:\/\//);
      // An icon named, so the browser asks for no /favicon.ico (a 404 in its console).
      expect(page.text).toMatch(/<link rel="icon"[^>]* href="/);
    }
    const board = await api().get("/queues").set("Authorization", basic("vera")).expect(200);
    expect(board.text).toContain('<nav class="hookline-nav"');
    expect(board.text).toContain('href="/assets/fonts.css"');
    expect(board.text).not.toContain("fonts.googleapis.com");
    const config = JSON.parse(
      /<script id="__UI_CONFIG__"[^>]*>(.*?)<\/script>/s.exec(board.text)![1]!,
    );
    expect(config.miscLinks.map((link: { url: string }) => link.url)).toEqual(
      NAVIGATION.filter((item) => item.url !== "/queues").map((item) => item.url),
    );
    expect(config.dateFormats.full).toMatchObject({ calendar: "iso8601", timeZone: "UTC" }); // year-month-day
    const css = await api()
      .get("/assets/fonts.css")
      .set("Authorization", basic("vera"))
      .expect(200);
    const imported = /url\("([^"]+)"\)/.exec(css.text)![1]!;
    const face = await api().get(imported).set("Authorization", basic("vera")).expect(200);
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(face.text)![1]!;
    await api()
      .get(imported.replace(/[^/]+$/, file))
      .set("Authorization", basic("vera"))
      .expect(200)
      .expect("Content-Type", /font\/woff2/);
    // Bookmarks of Bull Board's old place arrive at its new one.
    await api()
      .get("/queue/deliveries")
      .set("Authorization", basic("vera"))
      .expect(301)
      .expect("Location", "/queues/queue/deliveries");
  });

  it("shows a pull request's whole story to a viewer, as a page and as JSON", async () => {
    const json = await api()
      .get("/api/pull-requests/acme/web/603")
      .set("Authorization", basic("vera"))
      .expect(200);
    const { story, deadLetters } = json.body;
    expect(story.pullRequest).toMatchObject({
      repository: "acme/web",
      number: 603,
      state: "OPEN",
      checksState: "FAILURE",
      headSha: seeded.headSha,
    });
    expect(story.commits).toEqual([
      expect.objectContaining({
        sha: seeded.headSha,
        head: true,
        suites: [
          expect.objectContaining({ conclusion: "failure", deliveryId: seeded.deliveryIds[1] }),
        ],
        runs: [expect.objectContaining({ name: "unit tests", conclusion: "failure" })],
        statuses: [expect.objectContaining({ context: "ci/lint", state: "success" })],
      }),
    ]);
    expect(story.history.map((row: { deliveryId: string }) => row.deliveryId)).toEqual([
      seeded.deliveryIds[1],
      seeded.deliveryIds[0],
    ]);
    expect(Object.keys(story.channels).sort()).toEqual(["alerting", "monitoring"]);
    expect(story.channels.alerting).toEqual([
      expect.objectContaining({
        messageId: alerting,
        attempts: [
          expect.objectContaining({
            attempt: 1,
            statusCode: 422,
            answer: '{"error":"unknown event type"}',
          }),
        ],
      }),
    ]);
    expect(deadLetters.map((letter: { id: string }) => letter.id).sort()).toEqual(
      [alerting, monitoring].sort(),
    );
    const page = await api()
      .get("/pull-requests/acme/web/603")
      .set("Authorization", basic("vera"))
      .expect(200);
    expect(page.text).toContain('id="pr-dead-letters"');
    expect(page.text).toContain("HTTP 422: {&quot;error&quot;:&quot;unknown event type&quot;}");
    expect(page.text).toContain(
      'href="/dead-letters?queue=deliveries&amp;repo=acme%2Fweb&amp;pr=603"',
    );
    expect(page.text).toContain(seeded.deliveryIds[0]);
    // Bull Board's Logs tab of a delivery: its HTTP attempts, no longer "No logs available".
    const logs = await api()
      .get(`/queues/api/queues/deliveries/${encodeURIComponent(alerting)}/logs`)
      .set("Authorization", basic("vera"))
      .expect(200);
    expect(logs.body).toEqual([
      expect.stringMatching(
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · attempt 1, request 1 · HTTP 422 · \{"error":"unknown event type"\} · \d+ ms$/,
      ),
    ]);
    // Found by owner/repo#number or by its GitHub URL, in any case.
    for (const q of ["acme/web#603", "https://github.com/ACME/web/pull/603/files"])
      await api()
        .get(`/pull-requests?q=${encodeURIComponent(q)}`)
        .set("Authorization", basic("vera"))
        .expect(303)
        .expect(
          "Location",
          q.startsWith("acme") ? "/pull-requests/acme/web/603" : "/pull-requests/ACME/web/603",
        );
    await api().get("/pull-requests/ACME/web/603").set("Authorization", basic("vera")).expect(200);
    const list = await api().get("/pull-requests").set("Authorization", basic("vera")).expect(200);
    expect(list.text).toContain('href="/pull-requests/acme/web/603"');
    const bad = await api()
      .get("/pull-requests?q=web%20603")
      .set("Authorization", basic("vera"))
      .expect(400);
    expect(bad.text).toContain("is not a pull request");
    const missing = await api()
      .get("/api/pull-requests/acme/web/9999")
      .set("Authorization", basic("vera"))
      .expect(404);
    expect(missing.body.error.code).toBe("PULL_REQUEST_NOT_FOUND");
  });

  it("marks a github-events job that can never succeed as permanent and refuses its replay with the reason", async () => {
    const events = createQueue(QUEUE_NAMES.githubEvents, {
      connection: fixture.harness.redis,
      prefix: fixture.config.redis.prefix,
    });
    const workerConnection = createRedisConnection(fixture.config.redis, "worker");
    const worker = new Worker(
      QUEUE_NAMES.githubEvents,
      async () => {
        throw new UnrecoverableError("pull_request cannot be stored: payload fails validation");
      },
      {
        connection: workerConnection,
        prefix: fixture.config.redis.prefix,
      },
    );
    try {
      const job = eventJob("pull_request", {
        action: "opened",
        number: 77,
        repository: { full_name: "acme/broken" },
      });
      const added = await events.add("pull_request.opened · acme/broken#77", job, {
        jobId: `github~${job.deliveryId}`,
        attempts: 12,
      });
      await waitFor(async () => (await events.getJobState(added.id!)) === "failed", {
        what: "the event to fail",
      });
      const refused = await api()
        .post("/api/replay")
        .set("Authorization", basic("otto"))
        .send({ queue: "github-events", job: added.id });
      expect(refused.status).toBe(409);
      expect(refused.body.error).toEqual({
        code: "JOB_PERMANENT",
        message: expect.stringMatching(
          /failed permanently \(pull_request cannot be stored: payload fails validation\): its stored data cannot succeed/,
        ),
      });
      const all = await api()
        .post("/api/replay")
        .set("Authorization", basic("otto"))
        .send({ queue: "github-events", all: true })
        .expect(200);
      expect(all.body).toMatchObject({ matched: 1, replayed: 0, refused: [{ id: added.id }] });
      expect(await events.getJobState(added.id!)).toBe("failed");
      const page = await api()
        .get("/dead-letters?queue=github-events")
        .set("Authorization", basic("otto"))
        .expect(200);
      expect(page.text).toContain('<span class="permanent">permanent</span>');
      expect(page.text).toContain("attempt 1 of 12 · permanent, not retried");
      const board = await api()
        .get("/queues/api/queues?activeQueue=github-events&status=failed")
        .set("Authorization", basic("ada"))
        .expect(200);
      const shown = board.body.queues
        .find((queue: { name: string }) => queue.name === "github-events")
        .jobs.find((item: { id: string }) => item.id === added.id);
      expect(shown.name).toMatch(/^\[permanent\] /);
      const retry = await api()
        .put(`/queues/api/queues/github-events/${encodeURIComponent(added.id!)}/retry`)
        .set("Authorization", basic("ada"))
        .expect(409);
      expect(retry.body.message).toMatch(/failed permanently/);
      await added.remove();
    } finally {
      await worker.close();
      workerConnection.disconnect();
      await events.close();
    }
  });

  describe("npm run replay", () => {
    const output: string[] = [];
    const io = (interactive: boolean, answer?: string): ReplayCommandIo => ({
      write: (text) => output.push(text),
      interactive,
      ask: async (question) => {
        output.push(question);
        if (answer === undefined) throw new Error("must not ask");
        return answer;
      },
    });
    const deps = () => ({
      queueFor: () => fixture.harness.deliveryQueue,
      audit: createAuditLog(
        fixture.harness.prisma,
        createLogger({ service: "replay-test", level: "error", stream: new PassThrough() }),
      ),
      actor: { name: "command:test", origin: "command" as const },
      timeZone: "Europe/Berlin",
    });
    const replays = async () =>
      (await fixture.harness.deliveryQueue.getJob(alerting))!.data.replay?.count ?? 0;
    beforeEach(() => output.splice(0));

    it("never asks for a dry run, and prints a readable summary in the configured zone", async () => {
      const code = await runReplayCommand(["--repo", "acme/web", "--dry-run"], io(true), deps());
      expect(code).toBe(0);
      const text = output.join("");
      expect(text).toContain("2 dead letters in deliveries match (repo=acme/web):");
      expect(text).toMatch(/failed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\+1 · attempt 1 of 2/);
      expect(text).toContain("Dry run: nothing was replayed.");
    });

    it("asks on a terminal, and without one replays only with --yes", async () => {
      expect(await runReplayCommand(["--repo", "acme/web"], io(false), deps())).toBe(3);
      expect(output.join("")).toContain("Pass --yes to replay without asking");
      expect(await runReplayCommand(["--repo", "acme/web"], io(true, "no"), deps())).toBe(3);
      expect(output.join("")).toContain('Replay these 2 dead letters? Type "yes" to replay:');
      expect(await replays()).toBe(0);
      output.splice(0);
      expect(
        await runReplayCommand(["--job", alerting, "--json", "--yes"], io(false), deps()),
      ).toBe(0);
      expect(JSON.parse(output.join(""))).toMatchObject({
        queue: "deliveries",
        dry_run: false,
        matched: 1,
        replayed: 1,
        job_ids: [alerting],
      });
      await waitFor(async () => (await replays()) === 1);
      await waitForJob(fixture.harness.deliveryQueue, alerting, ["failed"]);
    });

    it("exits 2 with its usage on unclear arguments", async () => {
      expect(await runReplayCommand(["--since", "soon"], io(true), deps())).toBe(2);
      expect(output.join("")).toContain("usage: npm run replay");
      expect(output.join("")).toContain("Exit codes: 0 done");
    });
  });
});
