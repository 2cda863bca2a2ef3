import {
  startHostileReceiver,
  waitFor,
  waitForJob,
  type HostileReceiver,
} from "@hookline/test-utils";
import { createNotifierHarness, type NotifierHarness } from "./support/notifier-harness";

// Issue 18, item 1: a request ends within the channel's timeout from its
// start, body included, whatever the receiver does after its headers.
const TIMEOUT_MS = 500;

describe("a deadline per request, covering the body", () => {
  const receivers: Record<string, HostileReceiver> = {};
  let harness: NotifierHarness;
  beforeAll(async () => {
    receivers.ok_slow = await startHostileReceiver({
      kind: "slow-body",
      status: 200,
      intervalMs: 300,
    });
    receivers.error_slow = await startHostileReceiver({
      kind: "slow-body",
      status: 500,
      intervalMs: 300,
    });
    receivers.hole = await startHostileReceiver({ kind: "black-hole" });
    const channels = Object.entries(receivers)
      .map(
        ([name, receiver]) =>
          `    ${name}:\n      url: ${receiver.url}\n      events: ["${name}.*"]\n      timeout: ${TIMEOUT_MS}ms\n      retries: 0\n      retry_schedule: [100ms]\n`,
      )
      .join("");
    harness = await createNotifierHarness(`  channels:\n${channels}`);
  });
  afterAll(async () => {
    await harness.close();
    await Promise.all(Object.values(receivers).map((receiver) => receiver.close()));
  });

  const tookMs = (job: { processedOn?: number; finishedOn?: number }) =>
    job.finishedOn! - job.processedOn!;

  it("delivers a 2xx whose body trickles, ending the request at the deadline", async () => {
    await harness.start();
    const id = await harness.publish({ event_type: "ok_slow.event" });
    const job = await waitForJob(harness.deliveryQueue, `${id}.ok_slow`, ["completed", "failed"]);
    expect(await job!.getState()).toBe("completed");
    expect(tookMs(job!)).toBeLessThan(TIMEOUT_MS + 700);
    // What a completed job keeps: the status and a short excerpt (item 7).
    expect(job!.returnvalue).toEqual({ statusCode: 200, excerpt: expect.any(String) });
    await harness.stop();
  });

  it("gives up on an error answer whose body trickles within the deadline, and retries", async () => {
    await harness.start();
    const id = await harness.publish({ event_type: "error_slow.event" });
    const job = await waitForJob(harness.deliveryQueue, `${id}.error_slow`, ["failed"], 10_000);
    expect(job!.failedReason).toMatch(/^HTTP 500 from 127\.0\.0\.1:\d+: \.+ · attempt 2 of 2/);
    expect(receivers.error_slow!.count()).toBe(2);
    await harness.flushAttempts();
    const rows = await harness.prisma.deliveryAttempt.findMany({
      where: { messageId: `${id}.error_slow` },
    });
    expect(rows.map((row) => row.statusCode)).toEqual([500, 500]);
    await harness.stop();
  });

  it("never lets shutdown wait on a receiver longer than the deadline", async () => {
    await harness.start();
    for (const channel of ["ok_slow", "hole"])
      await harness.publish({ event_type: `${channel}.event` });
    const before = { ok_slow: receivers.ok_slow!.count(), hole: receivers.hole!.count() };
    await waitFor(
      () => receivers.ok_slow!.count() > before.ok_slow && receivers.hole!.count() > before.hole,
    );
    const started = Date.now();
    await harness.stop();
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
  });
});
