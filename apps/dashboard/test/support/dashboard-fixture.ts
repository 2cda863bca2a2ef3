import type { RequestListener } from "node:http";
import { PassThrough } from "node:stream";
import { loadConfig, type Config } from "@hookline/config";
import { createLogger } from "@hookline/observability";
import { startReceiver, waitForJob, type Receiver } from "@hookline/test-utils";
import {
  createNotifierHarness,
  type NotifierHarness,
} from "../../../notifier/test/support/notifier-harness";
import { startDashboard } from "../../src/start-dashboard";
import { hashPassword } from "../../src/users/password-hash";

export const PASSWORDS = {
  vera: "viewer-password-1",
  otto: "operator-password-1",
  ada: "admin-password-123",
} as const;

export type TestUser = keyof typeof PASSWORDS;

// Cheap scrypt for tests (N=2^10): the cost travels in the hash, verification is the same code.
const TEST_COST = { N: 1024, r: 8, p: 1 } as const;

export function basic(user: TestUser, password: string = PASSWORDS[user]): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

export interface DashboardFixture {
  harness: NotifierHarness;
  receiver: Receiver;
  config: Config;
  app: RequestListener;
  /** The dashboard on a real port, for the browser. */
  url: string;
  logLines: string[];
  /** A notification for acme/web#603 etc.; resolves to the delivery job id on `channel`. */
  publishFor(
    repository: string,
    number: number,
    channel?: string,
    eventType?: string,
  ): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real notifier (deliveries to a local receiver on channels "alerting" and
 * "monitoring") and the dashboard over the same Redis prefix and database.
 * The receiver answers 422 until a test changes its mind, so deliveries
 * become dead letters at once (a permanent 4xx).
 */
export async function startDashboardFixture(): Promise<DashboardFixture> {
  const receiver = await startReceiver(() => ({
    status: 422,
    body: '{"error":"unknown event type"}',
  }));
  const channel = (name: string) =>
    `    ${name}:\n      url: ${receiver.url}/${name}\n      retries: 0\n      retry_schedule: [100ms]\n      secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n`;
  const harness = await createNotifierHarness(
    `  channels:\n${channel("alerting")}${channel("monitoring")}`,
  );
  await harness.start();
  const users = Object.fromEntries(
    await Promise.all(
      (Object.keys(PASSWORDS) as TestUser[]).map(async (name) => [
        name,
        {
          role: { vera: "viewer", otto: "operator", ada: "admin" }[name],
          password_hash: await hashPassword(PASSWORDS[name], TEST_COST),
        },
      ]),
    ),
  );
  const config = loadConfig({
    role: "dashboard",
    env: {
      REDIS_URL: harness.config.redis.url,
      REDIS_PREFIX: harness.config.redis.prefix,
      DATABASE_URL: harness.database.url,
      DASHBOARD_PORT: "0",
    },
    yaml: `dashboard:\n  host: 127.0.0.1\n  login_attempts: 3\n  users: ${JSON.stringify(users)}\n`,
  });
  const logLines: string[] = [];
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => logLines.push(...chunk.toString("utf8").trim().split("\n")));
  const logger = createLogger({ service: "dashboard-test", level: "info", stream });
  const dashboard = await startDashboard(config, { logger });
  const app = dashboard.listener;
  const url = `http://127.0.0.1:${dashboard.port}`;
  return {
    harness,
    receiver,
    config,
    app,
    url,
    logLines,
    async publishFor(repository, number, channelName = "alerting", eventType = "pr.created") {
      const id = await harness.publish({
        event_type: eventType,
        data: { repository, number, title: `change ${number}` },
      });
      return `${id}.${channelName}`;
    },
    async close() {
      dashboard.server.closeAllConnections();
      await dashboard.close();
      await harness.close();
      await receiver.close();
    },
  };
}

/**
 * The fixture with three dead letters already failed: acme/web#603 on
 * "alerting" and "monitoring", acme/api#7 on "alerting". Returns their
 * delivery job ids (web603 is the alerting one).
 */
export async function startFixtureWithDeadLetters(): Promise<{
  fixture: DashboardFixture;
  web603: string;
  api7: string;
}> {
  const fixture = await startDashboardFixture();
  const web603 = await fixture.publishFor("acme/web", 603);
  const api7 = await fixture.publishFor("acme/api", 7);
  for (const id of [web603, api7, web603.replace(".alerting", ".monitoring")])
    await waitForJob(fixture.harness.deliveryQueue, id, ["failed"]);
  return { fixture, web603, api7 };
}
