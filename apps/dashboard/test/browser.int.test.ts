import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { REPO_ROOT, waitForJob } from "@hookline/test-utils";
import { seedPullRequest } from "./support/pull-request-seed";
import {
  PASSWORDS,
  startDashboardFixture,
  type DashboardFixture,
  type TestUser,
} from "./support/dashboard-fixture";
import { ARTIFACTS, launchChromium } from "./support/chromium";

// The webhook-id a job id is sent as: "." becomes ":" (packages/delivery, webhookId).
const webhookId = (jobId: string) => jobId.replaceAll(".", ":");

// A browser on a shared two-core machine: generous bounds, never tight timing.
jest.setTimeout(90_000);

describe("the dashboard in a real browser", () => {
  let fixture: DashboardFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  // Every request any page made: the dashboard must never ask a third party for anything.
  const requested: string[] = [];
  let shop: string;
  let failed: string[];
  let web: string[];
  let api: string[];
  let completed: string;

  const signIn = async (user: TestUser) => {
    const context = await browser.newContext({
      httpCredentials: { username: user, password: PASSWORDS[user] },
      viewport: { width: 1400, height: 900 },
      timezoneId: "America/Los_Angeles", // the page must not depend on the browser's zone
    });
    contexts.push(context);
    context.on("request", (request) => requested.push(request.url()));
    return context.newPage();
  };

  beforeAll(async () => {
    fixture = await startDashboardFixture();
    browser = await launchChromium();
    // Each notification goes to both channels: two dead letters each.
    const both = (id: string) => [id, id.replace(".alerting", ".monitoring")];
    web = [
      ...both(await fixture.publishFor("acme/web", 603)),
      ...both(await fixture.publishFor("acme/web", 604, "alerting", "pr.merged")),
    ];
    api = both(await fixture.publishFor("acme/api", 7));
    failed = [...web, ...api];
    for (const id of failed) await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
    // A stored pull request whose notification failed on "alerting", as the worker would name it.
    const seeded = await seedPullRequest(fixture.harness.prisma, {
      repository: "acme/shop",
      number: 42,
      id: 7_000_042n,
    });
    const notification = `${seeded.deliveryIds[0]}.${seeded.pullRequestId}.pr.created`;
    await fixture.harness.publish({
      id: notification,
      event_type: "pr.created",
      data: { repository: "acme/shop", number: 42, title: "Checkout" },
    });
    shop = `${notification}.alerting`;
    failed.push(shop, `${notification}.monitoring`);
    await waitForJob(fixture.harness.deliveryQueue, shop, ["failed"]);
    await waitForJob(fixture.harness.deliveryQueue, `${notification}.monitoring`, ["failed"]);
    await fixture.harness.flushAttempts();
    await fixture.harness.prisma.githubSweepCursor.create({
      data: {
        hookKey: "repository:acme/shop:101",
        cursorAt: new Date(Date.now() - 3_600_000),
        lastSuccessAt: new Date(Date.now() - 300_000),
      },
    });
    fixture.receiver.reply(() => ({ status: 200 }));
    completed = await fixture.publishFor("acme/done", 1);
    await waitForJob(fixture.harness.deliveryQueue, completed, ["completed"]);
    fixture.receiver.reply(() => ({ status: 422, body: '{"error":"unknown event type"}' }));
  }, 60_000);

  afterAll(async () => {
    await fixture?.harness.redis.del(`${fixture.config.redis.prefix}:circuit:alerting`);
    for (const context of contexts) await context.close();
    await browser?.close();
    await fixture?.close();
  });

  it("lets an operator log in, filter dead letters by repository, dry-run, confirm, and replay each exactly once", async () => {
    const page = await signIn("otto");
    await page.goto(`${fixture.url}/`);
    await page.getByText("hookline").first().waitFor();

    await page.goto(`${fixture.url}/dead-letters`);
    await page.fill('input[name="repo"]', "acme/web");
    await page.click('button:has-text("Filter")');
    await page.waitForURL(/repo=acme%2Fweb/);
    const rows = page.locator("#dead-letters tbody tr");
    const webIds = web;
    expect(await rows.count()).toBe(webIds.length);
    const shownIds = await rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("data-job-id")),
    );
    expect(shownIds.sort()).toEqual([...webIds].sort());
    await expect(page.locator("#dead-letters").innerText()).resolves.toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
    );
    await expect(page.locator("#dead-letters").innerText()).resolves.toContain("acme/web#603");
    await page.screenshot({ path: join(ARTIFACTS, "dead-letters.png"), fullPage: true });
    // The README's picture (docs/images/dead-letters.png is a copy): the table, no blank page.
    const table = await page.locator("#dead-letters").boundingBox();
    await page.screenshot({
      path: join(ARTIFACTS, "dead-letters-readme.png"),
      clip: { x: 0, y: 0, width: 1400, height: Math.ceil(table!.y + table!.height + 16) },
    });

    await page.click('button:has-text("Replay the 4 filtered dead letters")');
    await expect(page.locator("#matched").innerText()).resolves.toBe("4");
    await page.screenshot({ path: join(ARTIFACTS, "replay-confirmation.png") });
    expect((await fixture.harness.deliveryQueue.getJobs(["failed"])).length).toBe(failed.length); // the dry run moved nothing

    const failedAttemptIds = fixture.receiver.received.map(
      (request) => request.headers["webhook-id"],
    );
    const before = fixture.receiver.received.length;
    fixture.receiver.reply(() => ({ status: 200 }));
    await page.click("#confirm-replay");
    await expect(page.locator("#replayed").innerText()).resolves.toMatch(/Replayed 4 of 4/);
    for (const id of webIds) await waitForJob(fixture.harness.deliveryQueue, id, ["completed"]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would arrive now
    const resent = fixture.receiver.received
      .slice(before)
      .map((request) => request.headers["webhook-id"]);
    expect([...resent].sort()).toEqual(webIds.map(webhookId).sort());
    for (const id of webIds) expect(failedAttemptIds).toContain(webhookId(id));
    expect(await (await fixture.harness.deliveryQueue.getJob(api[0]!))!.isFailed()).toBe(true);

    await page.goto(`${fixture.url}/audit`);
    const audit = await page.locator("#audit tbody tr").first().innerText();
    expect(audit).toMatch(/otto\s+replay\s+ui\s+deliveries/);
    expect(audit).toContain('"repo":"acme/web"');
    expect(audit).toMatch(/\s4\s/);
    const row = await fixture.harness.prisma.auditEntry.findFirst({ where: { actor: "otto" } });
    expect(row).toMatchObject({ action: "replay", origin: "ui", count: 4 });
  });

  it("shows a viewer the dead letters but no replay, and refuses the replay when sent anyway", async () => {
    const page = await signIn("vera");
    await page.goto(`${fixture.url}/dead-letters`);
    await page.getByText("Your role may look, not replay.").waitFor();
    expect(await page.locator('button:has-text("Replay")').count()).toBe(0);
    const status = await page.evaluate(async () => {
      const response = await fetch("/dead-letters/replay", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "step=confirm&expected=1&repo=acme%2Fapi",
      });
      return response.status;
    });
    expect(status).toBe(403);
    const apiStatus = await page.evaluate(async () => {
      const response = await fetch("/api/replay", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ repo: "acme/api" }),
      });
      return response.status;
    });
    expect(apiStatus).toBe(403);
    expect(await (await fixture.harness.deliveryQueue.getJob(api[0]!))!.isFailed()).toBe(true);
  });

  it("offers an admin Retry on a failed delivery (a replay, same webhook-id) but not on a completed one", async () => {
    const page = await signIn("ada");
    // Bull Board's Retry is the circular-arrows icon (lucide refresh-cw).
    const retry = page.locator("button:has(svg.lucide-refresh-cw)");
    await page.goto(`${fixture.url}/queues/queue/deliveries/${encodeURIComponent(api[0]!)}`);
    await page.getByText("pr.created → alerting · acme/api#7").first().waitFor();
    await retry.first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "failed-job.png"), fullPage: true });
    expect(await page.getByText(/^priority \d$/).count()).toBe(0); // the word is in the name
    // Bull Board's own times: year-month-day, time and zone, in UTC although the browser is in Los Angeles.
    expect(await page.locator("body").innerText()).toMatch(/\d{4}-\d\d-\d\d,\s+\d\d:\d\d:\d\d UTC/);
    // hookline's navigation above Bull Board, not under its fixed layout: the link is what a click hits.
    await page.locator("nav.hookline-nav a", { hasText: "Overview" }).waitFor();
    const reachable = await page.evaluate(`(() => {
      const link = document.querySelector("nav.hookline-nav a");
      const box = link.getBoundingClientRect();
      return link.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
    })()`);
    expect(reachable).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, "failed-job-navigation.png") });
    const before = fixture.receiver.received.length;
    fixture.receiver.reply(() => ({ status: 200 }));
    await retry.first().click();
    await page.getByRole("button", { name: "Confirm" }).click();
    await waitForJob(fixture.harness.deliveryQueue, api[0]!, ["completed"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      fixture.receiver.received.slice(before).map((request) => request.headers["webhook-id"]),
    ).toEqual([webhookId(api[0]!)]);
    const entry = await fixture.harness.prisma.auditEntry.findFirst({ where: { action: "retry" } });
    expect(entry).toMatchObject({ actor: "ada", origin: "ui", jobIds: [api[0]] });

    await page.goto(`${fixture.url}/queues/queue/deliveries/${encodeURIComponent(completed)}`);
    await page.getByText("acme/done#1").first().waitFor();
    await page.getByText("Finished at").first().waitFor();
    expect(await retry.count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "completed-job.png"), fullPage: true });
  });

  it("tells an admin why Bull Board's Clean was refused: a delayed job is accepted work", async () => {
    const delayed = await fixture.harness.deliveryQueue.add("delivery", {} as never, {
      jobId: "delayed-for-clean",
      delay: 3_600_000,
    });
    try {
      const page = await signIn("ada");
      await page.goto(`${fixture.url}/queues/queue/deliveries/delayed-for-clean`);
      await page.locator("button:has(svg.lucide-trash-2)").first().click();
      await page.getByRole("button", { name: "Confirm" }).click();
      await page
        .getByText(/only completed or failed jobs are cleaned/)
        .first()
        .waitFor();
      await page.screenshot({ path: join(ARTIFACTS, "refused-clean.png") });
      expect(await fixture.harness.deliveryQueue.getJob("delayed-for-clean")).toBeDefined();
    } finally {
      await delayed.remove();
    }
  });

  it("shows an operator Bull Board without controls it may not use, and the way to the replay it may", async () => {
    const page = await signIn("otto");
    await page.goto(`${fixture.url}/queues/queue/deliveries/${encodeURIComponent(web[1]!)}`);
    await page.getByText("acme/web#603").first().waitFor();
    expect(await page.locator("button:has(svg.lucide-refresh-cw)").count()).toBe(0);
    expect(await page.locator("button:has(svg.lucide-trash-2)").count()).toBe(0);
    await page
      .getByRole("link", { name: /acme\/web#603: pull request page/ })
      .first()
      .waitFor();
  });

  it("takes on-call from the Overview to a pull request's failed notifications and why its channel fails in at most three clicks", async () => {
    // The channel's circuit is open, as the notifier leaves it after repeated failures.
    await fixture.harness.redis.hset(`${fixture.config.redis.prefix}:circuit:alerting`, {
      state: "open",
      failures: "5",
      until: String(Date.now() + 20 * 60_000),
    });
    const page = await signIn("vera");
    let clicks = 0;
    const click = async (selector: string) => {
      clicks += 1;
      await page.click(selector);
    };
    await page.goto(`${fixture.url}/`);
    await page.locator("#channels").waitFor();
    expect(await page.locator('#channels tr[data-channel="alerting"]').innerText()).toMatch(
      /open until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/,
    );
    await page.screenshot({ path: join(ARTIFACTS, "overview.png"), fullPage: true });
    await page.screenshot({
      path: join(REPO_ROOT, "docs", "images", "overview.png"),
      fullPage: true,
    });
    // Typed: the pull request, nothing else.
    await page.fill('#find-pull-request input[name="q"]', "acme/shop#42");
    await click('#find-pull-request button[type="submit"]');
    await page.waitForURL(/\/pull-requests\/acme\/shop\/42$/);
    const row = page.locator(`#pr-dead-letters tr[data-job-id="${shop}"]`);
    const text = await row.innerText();
    expect(text).toContain("alerting");
    expect(text).toMatch(/open until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · 5 failures in a row/);
    expect(text).toMatch(/HTTP 422 from 127\.0\.0\.1:\d+: \{"error":"unknown event type"\}/);
    expect(await page.locator('table.sent[data-channel="alerting"]').innerText()).toContain(
      "HTTP 422",
    );
    expect(clicks).toBeLessThanOrEqual(3);
    await page.screenshot({ path: join(ARTIFACTS, "pull-request.png"), fullPage: true });
    await page.screenshot({
      path: join(REPO_ROOT, "docs", "images", "pull-request.png"),
      fullPage: true,
    });
    // And on to those dead letters, filtered to this pull request: a third click at most.
    await click("#dead-letters-link");
    await page.waitForURL(/\/dead-letters\?/);
    expect(await page.locator("#dead-letters tbody tr").count()).toBe(2);
    expect(clicks).toBeLessThanOrEqual(3);
    await fixture.harness.redis.del(`${fixture.config.redis.prefix}:circuit:alerting`);
  });

  it("never asks a third party for anything: every request any page made went to hookline", async () => {
    const page = await signIn("ada");
    await page.goto(`${fixture.url}/queues`);
    await page.locator("nav.hookline-nav").waitFor();
    await page.getByText("deliveries").first().waitFor();
    await page.waitForLoadState("networkidle");
    const origin = new URL(fixture.url).origin;
    expect(requested.length).toBeGreaterThan(10);
    expect(
      requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith("data:")),
    ).toEqual([]);
    // Bull Board's own fonts came from hookline.
    expect(requested.some((url) => url.includes("/assets/fonts/ibm-plex-sans/"))).toBe(true);
  });
});
