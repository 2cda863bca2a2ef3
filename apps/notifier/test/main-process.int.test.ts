import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createTestDatabase,
  spawnApp,
  startReceiver,
  testPrefix,
  testRedisUrl,
  waitFor,
  type SpawnedApp,
  type TestDatabase,
} from "@hookline/test-utils";
import {
  createQueue,
  createRedisConnection,
  publishNotifications,
  QUEUE_NAMES,
  redisReady,
} from "@hookline/queue";

const ENTRY = "apps/notifier/src/main.ts";

function configFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "hookline-notifier-")), "config.yaml");
  writeFileSync(path, yaml);
  return path;
}

describe("the notifier process", () => {
  let app: SpawnedApp | undefined;
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());
  afterEach(() => {
    app?.child.kill("SIGKILL");
  });

  it("refuses an invalid channel configuration with one message naming every key", async () => {
    app = spawnApp(ENTRY, {
      CONFIG_PATH: configFile(
        "outgoing:\n  channels:\n    audit:\n      url: ftp://x\n      min_priority: urgent\n      retry_schedule: [soon]\n",
      ),
    });
    expect(await app.exited).toBe(1);
    const output = app.output();
    expect(output).toMatch(/Invalid configuration \(3 problems\)/);
    expect(output).toContain("outgoing.channels.audit.url");
    expect(output).toContain("outgoing.channels.audit.min_priority");
    expect(output).toContain("outgoing.channels.audit.retry_schedule[0]");
  });

  it("delivers, then exits 0 on SIGTERM", async () => {
    const receiver = await startReceiver();
    const prefix = testPrefix();
    app = spawnApp(ENTRY, {
      CONFIG_PATH: configFile(
        `redis:\n  prefix: "${prefix}"\nnotifier:\n  metrics_port: 0\noutgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n  channels:\n    monitoring:\n      url: ${receiver.url}\n`,
      ),
      REDIS_URL: testRedisUrl(),
      DATABASE_URL: database.url,
    });
    await app.waitForLog((line) => line.message === "notifier running");
    const redis = createRedisConnection(testRedisUrl(), "producer");
    await redisReady(redis);
    const queue = createQueue(QUEUE_NAMES.notifications, { connection: redis, prefix });
    await publishNotifications(
      queue,
      [{ id: "from-test", event_type: "pr.created", priority: "low", data: {} }],
      "test",
    );
    await waitFor(() => receiver.received.length === 1);
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    await queue.close();
    redis.disconnect();
    await receiver.close();
  });
});
