import { join } from "node:path";
import request from "supertest";
import type { Browser, BrowserContext } from "playwright-core";
import { REPO_ROOT, waitFor } from "@hookline/test-utils";
import {
  basic,
  PASSWORDS,
  startDashboardFixture,
  type DashboardFixture,
  type TestUser,
} from "./support/dashboard-fixture";
import { ARTIFACTS, launchChromium } from "./support/chromium";

// Issue 18, item 8: the Channels page, its audited operator actions, in a real browser.
jest.setTimeout(90_000);

describe("the Channels page", () => {
  let fixture: DashboardFixture;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const circuit = () =>
    fixture.harness.redis.hget(`${fixture.config.redis.prefix}:circuit:alerting`, "state");

  const signIn = async (user: TestUser) => {
    const context = await browser.newContext({
      httpCredentials: { username: user, password: PASSWORDS[user] },
      viewport: { width: 1400, height: 900 },
    });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    fixture = await startDashboardFixture();
    browser = await launchChromium();
    // A receiver down with 500s: five failures in a row open both channels' circuits.
    fixture.receiver.reply(() => ({ status: 500, body: "database unavailable" }));
    for (let i = 0; i < 4; i += 1) await fixture.publishFor("acme/web", 600 + i);
    await waitFor(async () => (await circuit()) === "open", { timeoutMs: 20_000 });
  }, 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await fixture?.close();
  });

  it("shows a viewer each channel's state without any action", async () => {
    const page = await signIn("vera");
    await page.goto(`${fixture.url}/channels`);
    const alerting = page.locator('tr[data-channel="alerting"]');
    await alerting.waitFor();
    expect(await alerting.locator('[data-field="status"]').innerText()).toBe("enabled");
    expect(await alerting.locator('[data-field="circuit"]').innerText()).toMatch(
      /^open\s+until \d{4}-/,
    );
    expect(await alerting.locator('[data-field="last-failure"]').innerText()).toMatch(
      /HTTP 500 from 127\.0\.0\.1:\d+: database unavailable/,
    );
    expect(await alerting.locator('[data-field="last-success"]').innerText()).toBe("never");
    expect(await alerting.locator('[data-field="rate"]').innerText()).toBe("none");
    expect(await page.locator("button[data-action]").count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, "channels-viewer.png"), fullPage: true });
    // Not by hand either.
    const refused = await request(fixture.app)
      .post("/channels/alerting/close")
      .set("Authorization", basic("vera"))
      .set("Origin", fixture.url);
    expect(refused.status).toBe(403);
    expect(await circuit()).toBe("open");
  });

  it("lets an operator close a circuit, disable and enable a channel, each audited", async () => {
    const page = await signIn("otto");
    await page.goto(`${fixture.url}/channels`);
    const alerting = page.locator('tr[data-channel="alerting"]');
    await alerting.locator('button[data-action="close"]').waitFor();
    // docs/on-call.md's picture of the Channels page, as an operator sees it.
    await page.screenshot({
      path: join(REPO_ROOT, "docs", "images", "channels.png"),
      fullPage: true,
    });
    fixture.receiver.reply(() => ({ status: 200 }));

    await alerting.locator('button[data-action="close"]').click();
    await page.locator("#done").waitFor();
    expect(await circuit()).toBe("closed");
    expect(await alerting.locator('[data-field="circuit"]').innerText()).toBe("closed");

    await alerting.locator('button[data-action="disable"]').click();
    await page.locator("#done").waitFor();
    expect(await alerting.locator('[data-field="status"]').innerText()).toMatch(
      /^disabled\s+operator/,
    );
    await alerting.locator('button[data-action="enable"]').click();
    await page.locator("#done").waitFor();
    expect(await alerting.locator('[data-field="status"]').innerText()).toBe("enabled");
    await page.screenshot({ path: join(ARTIFACTS, "channels-operator.png"), fullPage: true });

    const entries = await fixture.harness.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((entry) => [entry.actor, entry.action, entry.selector])).toEqual([
      ["otto", "channel.close", expect.objectContaining({ channel: "alerting" })],
      ["otto", "channel.disable", expect.objectContaining({ channel: "alerting" })],
      ["otto", "channel.enable", expect.objectContaining({ channel: "alerting" })],
    ]);
    // The deliveries that waited on the open circuit go out once it is closed.
    await waitFor(
      async () =>
        (await (
          await request(fixture.app).get("/api/channels").set("Authorization", basic("vera"))
        ).body.channels[0].lastSuccessAt) !== null,
      { timeoutMs: 20_000 },
    );
  });

  it("probes an open channel now on an operator's word", async () => {
    fixture.receiver.reply(() => ({ status: 500, body: "down again" }));
    await fixture.publishFor("acme/web", 700, "monitoring");
    await waitFor(
      async () =>
        (await fixture.harness.redis.hget(
          `${fixture.config.redis.prefix}:circuit:monitoring`,
          "state",
        )) === "open",
      { timeoutMs: 20_000 },
    );
    const page = await signIn("ada");
    await page.goto(`${fixture.url}/channels`);
    const monitoring = page.locator('tr[data-channel="monitoring"]');
    await monitoring.locator('button[data-action="probe"]').click();
    await page.locator("#done").waitFor();
    const [entry] = await fixture.harness.prisma.auditEntry.findMany({
      where: { action: "channel.probe" },
    });
    expect(entry).toMatchObject({ actor: "ada", queue: "deliveries" });
  });
});
