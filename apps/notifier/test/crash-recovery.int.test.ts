import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publishNotifications } from "@hookline/queue";
import {
  spawnApp,
  startReceiver,
  testRedisUrl,
  waitFor,
  type Receiver,
  type SpawnedApp,
} from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";
import { INTERRUPTED } from "../src/delivery/record-interrupted";

const ENTRY = "apps/notifier/src/main.ts";
// Short locks so a dead replica's work moves on within seconds.
const LOCKS =
  "notifier:\n  lock_duration: 2s\n  delivery_lock_duration: 2s\n  stalled_interval: 1s\n";

/** A notifier process on the harness's Redis prefix and database, to be killed. */
function spawnNotifier(harness: NotifierHarness, channels: string): SpawnedApp {
  const path = join(mkdtempSync(join(tmpdir(), "hookline-notifier-")), "config.yaml");
  writeFileSync(
    path,
    `redis:\n  prefix: "${harness.config.redis.prefix}"\n${LOCKS}  metrics_port: 0\noutgoing:\n  allow_http_hosts: [127.0.0.1]\n  allow_private_addresses: [127.0.0.1]\n  allowed_ports: [1024-65535]\n${channels}`,
  );
  return spawnApp(ENTRY, {
    CONFIG_PATH: path,
    REDIS_URL: testRedisUrl(),
    DATABASE_URL: harness.database.url,
  });
}

describe("a notifier replica killed with SIGKILL", () => {
  let receiver: Receiver;
  let harness: NotifierHarness | undefined;
  let app: SpawnedApp | undefined;
  afterEach(async () => {
    app?.child.kill("SIGKILL");
    await app?.exited;
    await harness?.close();
    await receiver.close();
  });

  it("mid-request: the delivery goes out again with the same webhook-id, and delivery_attempts shows both", async () => {
    receiver = await startReceiver((index) => (index === 0 ? { hang: true } : { status: 200 }));
    const channels = `  channels:\n    audit:\n      url: ${receiver.url}\n      timeout: 30s\n`;
    harness = await createNotifierHarness(`${channels}${LOCKS}`);
    app = spawnNotifier(harness, channels);
    await app.waitForLog((line) => line.message === "notifier running");
    const id = await harness.publish({ event_type: "pr.merged", data: { n: 1 } });
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 10_000 });
    app.child.kill("SIGKILL");
    await app.exited;

    await harness.start();
    await waitFor(() => receiver.received.length === 2, { timeoutMs: 15_000 });
    const [lost, repeat] = receiver.received;
    expect(repeat!.headers["webhook-id"]).toBe(`${id}:audit`); // "." is ":" in a webhook-id
    expect(repeat!.headers["webhook-id"]).toBe(lost!.headers["webhook-id"]);
    expect(repeat!.body).toBe(lost!.body);
    // delivery_lock_duration (2 s) + stalled_interval (1 s), with room for a busy machine.
    expect(repeat!.at - lost!.at).toBeLessThan(10_000);

    await waitFor(async () => {
      await harness!.flushAttempts();
      return (
        (await harness!.prisma.deliveryAttempt.count({ where: { messageId: `${id}.audit` } })) === 2
      );
    });
    const rows = await harness.prisma.deliveryAttempt.findMany({
      where: { messageId: `${id}.audit` },
      orderBy: { id: "asc" },
    });
    expect(rows.map((row) => [row.attempt, row.try, row.statusCode, row.error])).toEqual([
      [1, 0, null, INTERRUPTED],
      [1, 1, 200, null],
    ]);
  }, 40_000);

  it("mid-flush of a batching channel: every notification arrives, each in exactly one batch", async () => {
    receiver = await startReceiver();
    const channels = `  channels:\n    audit:\n      url: ${receiver.url}\n      batch_size: 5\n      flush_interval: 60s\n`;
    harness = await createNotifierHarness(`${channels}${LOCKS}`);
    app = spawnNotifier(harness, channels);
    await app.waitForLog((line) => line.message === "notifier running");
    const ids = Array.from({ length: 500 }, (_, i) => `crash-${i}`);
    await publishNotifications(
      harness.notificationQueue,
      ids.map((id) => ({ id, event_type: "pr.updated", priority: "medium", data: { id } })),
      "test",
    );
    await waitFor(() => receiver.received.length >= 10, { timeoutMs: 15_000 });
    app.child.kill("SIGKILL");
    await app.exited;
    const sentBeforeKill = receiver.received.length;
    expect(sentBeforeKill).toBeLessThan(100); // killed with batches still to claim and send

    await harness.start();
    const batches = new Map<string, { ids: string[]; bodies: Set<string> }>();
    const seen = () => {
      batches.clear();
      for (const request of receiver.received) {
        const webhookId = String(request.headers["webhook-id"]);
        const batch = batches.get(webhookId) ?? {
          ids: (JSON.parse(request.body) as Array<{ data: { id: string } }>).map(
            (item) => item.data.id,
          ),
          bodies: new Set<string>(),
        };
        batch.bodies.add(request.body);
        batches.set(webhookId, batch);
      }
      return [...batches.values()].flatMap((batch) => batch.ids);
    };
    await waitFor(() => new Set(seen()).size === ids.length, { timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const everyId = seen();
    // No notification in two batches, none lost; a batch sent twice (its
    // request was in flight at the kill) is the same webhook-id and body.
    expect(everyId.sort()).toEqual([...ids].sort());
    expect(batches.size).toBe(100);
    for (const batch of batches.values()) expect(batch.bodies.size).toBe(1);
  }, 60_000);
});
