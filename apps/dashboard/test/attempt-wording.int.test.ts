import { readChannelState } from "@hookline/delivery";
import { startReceiver, waitForJob, type Receiver } from "@hookline/test-utils";
import {
  CHANNEL_SECRET,
  createNotifierHarness,
  type NotifierHarness,
} from "../../notifier/test/support/notifier-harness";
import { onCallAdapter } from "../src/board/on-call-adapter";
import { describeAttempts } from "../src/dead-letters/attempts";
import { describeDeadLetter } from "../src/dead-letters/dead-letter";

jest.setTimeout(60_000);

// Issue 21, item 5: attempts read the same everywhere. With in-attempt
// retries every try is its own BullMQ attempt, so BullMQ's counts are not
// the channel's attempts; the card must not say "attempt 2 of 2" in the
// reason and "attempt 6 of 6" beside it.
describe("a dead letter's attempts, on a channel with in-attempt retries", () => {
  let receiver: Receiver;
  let harness: NotifierHarness;

  beforeAll(async () => {
    receiver = await startReceiver(() => ({ status: 500, body: "down" }));
    harness = await createNotifierHarness(
      `  channels:\n    flaky:\n      url: ${receiver.url}/flaky\n      retries: 2\n      retry_delay: 10ms\n      backoff_factor: 1\n      retry_schedule: [50ms]\n      circuit_breaker:\n        failure_threshold: 100\n      secret: ${CHANNEL_SECRET}\n`,
    );
    await harness.start();
  });

  afterAll(async () => {
    await harness.close();
    await receiver.close();
  });

  it("counts attempts of the retry_schedule, as the failure reason does, and does not call running out permanent", async () => {
    const id = await harness.publish({
      event_type: "pr.created",
      data: { repository: "acme/web", number: 1, title: "x" },
    });
    const job = await waitForJob(harness.deliveryQueue, `${id}.flaky`, ["failed"]);
    // 2 attempts of 3 tries each: BullMQ made 6.
    expect(job.attemptsMade).toBe(6);
    expect(receiver.received).toHaveLength(6);
    const letter = describeDeadLetter("deliveries", job);
    expect(letter.reason).toContain(" · attempt 2 of 2 · ");
    // Out of attempts, not refused: a replay can succeed once the receiver recovers.
    expect(letter.permanent).toBe(false);
    expect(letter.reason).not.toContain("permanent");
    expect(describeAttempts(letter.attemptsMade, letter.attempts, letter.permanent)).toBe(
      "attempt 2 of 2",
    );
    // Bull Board's "attempt #n" reads the same number, and no "[permanent]".
    const board = onCallAdapter(harness.deliveryQueue, "read-only", "UTC");
    const shown = (await board.getJob(job.id!))!;
    expect(shown.attemptsMade).toBe(2);
    expect(shown.name).not.toContain("[permanent]");
  });

  it("still calls a receiver's refusal permanent, with the attempt it came on", async () => {
    receiver.reply(() => ({ status: 422, body: "no" }));
    const id = await harness.publish({
      event_type: "pr.created",
      data: { repository: "acme/web", number: 2, title: "y" },
    });
    const job = await waitForJob(harness.deliveryQueue, `${id}.flaky`, ["failed"]);
    const letter = describeDeadLetter("deliveries", job);
    expect(letter.permanent).toBe(true);
    expect(describeAttempts(letter.attemptsMade, letter.attempts, letter.permanent)).toBe(
      "attempt 1 of 2 · permanent, not retried",
    );
    // The Channels page's "last failure" names it, though it does not count toward the circuit.
    const state = await readChannelState(harness.redis, harness.config.redis.prefix, "flaky");
    expect(state.lastFailure).toContain("HTTP 422 from");
    expect(state.lastFailure).toContain("permanent, not retried");
  });
});
