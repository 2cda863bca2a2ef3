import { createWorkerHarness, type WorkerHarness } from "./support/worker-harness";
import {
  applyInOrder,
  at,
  checkRun,
  describeNotification,
  pullRequest,
  shuffled,
  status,
  step,
  type PullRequestStep,
  type Step,
} from "./support/state-scenario";

const pr = (snapshot: Omit<PullRequestStep, "number"> & { number?: number }) =>
  step("pull_request", pullRequest({ number: 1, ...snapshot }));

describe("notifications say what the stored state says", () => {
  let harness: WorkerHarness;
  beforeEach(async () => {
    harness = await createWorkerHarness();
  });
  afterEach(() => harness.close());

  async function run(steps: Step[]): Promise<string[][]> {
    return (await applyInOrder(harness, steps)).map((sent) => sent.map(describeNotification));
  }

  async function storedState() {
    return harness.prisma.pullRequest.findFirstOrThrow({
      select: { state: true, draft: true, headSha: true, title: true, checksState: true },
    });
  }

  it("emits nothing for a close older than the reopen already stored", async () => {
    const opened = pr({ action: "opened", updatedAt: at(0, 0) });
    const reopened = pr({ action: "reopened", updatedAt: at(0, 12) });
    const closed = pr({ action: "closed", updatedAt: at(0, 10), state: "closed" });
    expect(await run([opened, reopened, closed])).toEqual([["pr.created:OPEN"], [], []]);
    expect((await storedState()).state).toBe("OPEN");
  });

  it("reports a close it missed the opening of as the creation of a closed pull request", async () => {
    const opened = pr({ action: "opened", updatedAt: at(0, 0) });
    const closed = pr({ action: "closed", updatedAt: at(0, 10), state: "closed" });
    const reopened = pr({ action: "reopened", updatedAt: at(0, 12) });
    expect(await run([closed, opened, reopened])).toEqual([
      ["pr.created:CLOSED"],
      [],
      ["pr.reopened:OPEN"],
    ]);
  });

  const life = () => [
    pr({ action: "opened", updatedAt: at(0, 0) }),
    pr({ action: "closed", updatedAt: at(0, 5), state: "closed" }),
    pr({ action: "reopened", updatedAt: at(0, 7) }),
    pr({ action: "closed", updatedAt: at(0, 9), state: "closed", merged: true }),
  ];

  it("tells merged from closed, in GitHub's order", async () => {
    expect(await run(life())).toEqual([
      ["pr.created:OPEN"],
      ["pr.closed:CLOSED"],
      ["pr.reopened:OPEN"],
      ["pr.merged:MERGED"],
    ]);
  });

  it("says nothing after the merge when the older close and reopen arrive late", async () => {
    const [opened, closed, reopened, merged] = life();
    expect(await run([opened!, merged!, closed!, reopened!])).toEqual([
      ["pr.created:OPEN"],
      ["pr.merged:MERGED"],
      [],
      [],
    ]);
    expect((await storedState()).state).toBe("MERGED");
  });

  it("ignores a synchronize older than the stored head", async () => {
    const sent = await applyInOrder(harness, [
      pr({ action: "opened", updatedAt: at(0, 0), headSha: "a1" }),
      pr({ action: "synchronize", updatedAt: at(0, 5), headSha: "a3" }),
      pr({ action: "synchronize", updatedAt: at(0, 3), headSha: "a2" }),
    ]);
    expect(sent.map((s) => s.map(describeNotification))).toEqual([
      ["pr.created:OPEN"],
      ["pr.updated:OPEN"],
      [],
    ]);
    expect(sent[1]![0]!.data.head_sha).toBe("a3");
    expect((await storedState()).headSha).toBe("a3");
  });

  it("follows draft toggles by their time, not their arrival", async () => {
    const sent = await applyInOrder(harness, [
      pr({ action: "opened", updatedAt: at(0, 0), draft: true }),
      pr({ action: "ready_for_review", updatedAt: at(0, 5), draft: false }),
      pr({ action: "converted_to_draft", updatedAt: at(0, 3), draft: true }),
    ]);
    expect(sent.map((s) => s.map((n) => `${n.event_type}:draft=${String(n.data.draft)}`))).toEqual([
      ["pr.created:draft=true"],
      ["pr.updated:draft=false"],
      [],
    ]);
    expect((await storedState()).draft).toBe(false);
  });

  it("announces an edit only when something stored changed", async () => {
    expect(
      await run([
        pr({ action: "opened", updatedAt: at(0, 0) }),
        pr({ action: "labeled", updatedAt: at(0, 1) }),
        pr({ action: "edited", updatedAt: at(0, 2) }), // the body changed: not stored
        pr({ action: "edited", updatedAt: at(0, 3), title: "Better title" }),
      ]),
    ).toEqual([["pr.created:OPEN"], [], [], ["pr.updated:OPEN"]]);
  });

  it("gives no checks verdict for a late, older check result", async () => {
    expect(
      await run([
        pr({ action: "opened", updatedAt: at(0, 0), headSha: "c1" }),
        step("check_run", checkRun(902, "c1", "success", at(0, 5))),
        step("check_run", checkRun(901, "c1", "failure", at(0, 3))),
        step("status", status(903, "c1", "success", at(0, 6))),
        step("status", status(904, "c1", "failure", at(0, 4))),
      ]),
    ).toEqual([["pr.created:OPEN"], ["pr.checks.passed:SUCCESS"], [], [], []]);
    expect((await storedState()).checksState).toBe("SUCCESS");
  });

  it("gives no checks verdict for a commit that is no longer the head", async () => {
    expect(
      await run([
        pr({ action: "opened", updatedAt: at(0, 0), headSha: "d1" }),
        pr({ action: "synchronize", updatedAt: at(0, 5), headSha: "d2" }),
        step("check_run", checkRun(911, "d1", "failure", at(0, 4))),
        step("check_run", checkRun(912, "d2", "success", at(0, 6))),
      ]),
    ).toEqual([["pr.created:OPEN"], ["pr.updated:OPEN"], [], ["pr.checks.passed:SUCCESS"]]);
  });
});

// The life of two pull requests (as in the any-order test), in shuffled orders.
function lives(): Step[] {
  return [
    pr({ action: "opened", updatedAt: at(9, 0), headSha: "a1" }),
    pr({ action: "labeled", updatedAt: at(9, 1), headSha: "a1" }),
    pr({ action: "synchronize", updatedAt: at(9, 2), headSha: "a2" }),
    pr({ action: "edited", updatedAt: at(9, 3), headSha: "a2", title: "Better title" }),
    pr({ action: "closed", updatedAt: at(9, 4), headSha: "a2", state: "closed" }),
    pr({ action: "reopened", updatedAt: at(9, 5), headSha: "a2" }),
    pr({ action: "synchronize", updatedAt: at(9, 6), headSha: "a3" }),
    pr({ action: "closed", updatedAt: at(9, 9), headSha: "a3", state: "closed", merged: true }),
    step("check_run", checkRun(501, "a2", "failure", at(9, 3))),
    step("check_run", checkRun(502, "a3", "success", at(9, 7))),
    step("status", status(601, "a3", "success", at(9, 8))),
    pr({ number: 2, action: "opened", updatedAt: at(9, 0), headSha: "b1", draft: true }),
    pr({ number: 2, action: "ready_for_review", updatedAt: at(9, 2), headSha: "b1" }),
    step("status", status(602, "b1", "pending", at(9, 3))),
    step("status", status(603, "b1", "failure", at(9, 4))),
  ];
}

describe("notifications in shuffled orders", () => {
  it.each([1, 2, 3, 4, 5, 6])(
    "each carries the state stored right after it, and the last one the final state (seed %i)",
    async (seed) => {
      const harness = await createWorkerHarness();
      try {
        const steps = shuffled(lives(), seed);
        const seen = new Map<string, string>(); // pull request -> newest updated_at applied
        const last = new Map<string, string>(); // pull request -> last state notification
        const lastChecks = new Map<string, string>();
        const sentPerStep = await applyEach(harness, steps, async (delivery, sent) => {
          const rows = await harness.prisma.pullRequest.findMany();
          const byId = new Map(rows.map((row) => [String(row.id), row]));
          if (delivery.event === "pull_request") {
            const id = String(delivery.payload.pull_request.id);
            const time = delivery.payload.pull_request.updated_at as string;
            // An older snapshot than one already stored says nothing.
            if ((seen.get(id) ?? "") > time)
              expect(sent.filter((n) => !n.event_type.startsWith("pr.checks"))).toEqual([]);
            if ((seen.get(id) ?? "") < time) seen.set(id, time);
          }
          for (const notification of sent) {
            const row = byId.get(String(notification.data.pr_id))!;
            if (notification.event_type.startsWith("pr.checks")) {
              expect(notification.data.checks_state).toBe(row.checksState);
              lastChecks.set(String(row.id), row.checksState);
            } else {
              expect(notification.data).toMatchObject({
                state: row.state,
                draft: row.draft,
                head_sha: row.headSha,
                title: row.title,
              });
              last.set(String(row.id), row.state);
            }
          }
        });
        expect(sentPerStep.flat().length).toBeGreaterThan(0);
        for (const row of await harness.prisma.pullRequest.findMany()) {
          expect(last.get(String(row.id))).toBe(row.state);
          if (row.checksState === "SUCCESS" || row.checksState === "FAILURE")
            expect(lastChecks.get(String(row.id))).toBe(row.checksState);
        }
      } finally {
        await harness.close();
      }
    },
  );
});

async function applyEach(
  harness: WorkerHarness,
  steps: readonly Step[],
  check: (step: Step, sent: Awaited<ReturnType<typeof applyInOrder>>[number]) => Promise<void>,
) {
  const all = [];
  for (const delivery of steps) {
    const [sent] = await applyInOrder(harness, [delivery]);
    // applyInOrder starts from a fresh "seen" set: keep only this step's own.
    const own = sent!.filter((n) => n.data.delivery_id === delivery.deliveryId);
    await check(delivery, own);
    all.push(own);
  }
  return all;
}
