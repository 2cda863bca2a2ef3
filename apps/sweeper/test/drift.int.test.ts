import { waitFor, type FakeRepository } from "@hookline/test-utils";
import { describeDrift } from "../src/drift/describe-drift";
import { parseDriftArguments } from "../src/drift/drift-arguments";
import {
  createRecoveryHarness,
  metricValue,
  type RecoveryHarness,
} from "./support/recovery-harness";

// Issue 17, item 5: the drift detector compares stored pull requests with
// GitHub's REST answer (the fake GitHub on 127.0.0.1), reports and heals
// what differs, and finds nothing on a correct store.
const UPDATED_AT = "2026-12-04T10:00:00Z";
const NUMBERS = [1, 2, 3, 4, 5];

function pull(number: number) {
  return {
    url: `https://api.github.com/repos/octo/hookline/pulls/${number}`,
    id: 900_000 + number,
    html_url: `https://github.com/octo/hookline/pull/${number}`,
    number,
    state: "open",
    title: `Change ${number}`,
    user: { login: "octocat" },
    updated_at: UPDATED_AT,
    closed_at: null,
    merged_at: null,
    draft: false,
    head: { ref: `feature-${number}`, sha: `drift-${number}` },
    base: { ref: "main", repo: { id: 4242, full_name: "octo/hookline" } },
  };
}

const run = (id: number, sha: string, status: string, conclusion: string | null) => ({
  id,
  name: `ci-${id % 10}`,
  head_sha: sha,
  status,
  conclusion,
  started_at: "2026-12-04T09:50:00Z",
  completed_at: status === "completed" ? "2026-12-04T09:55:00Z" : null,
  app: { slug: "actions" },
  pull_requests: [],
});

describe("drift detector", () => {
  let harness: RecoveryHarness;
  const github: FakeRepository = {
    repository: {
      id: 4242,
      full_name: "octo/hookline",
      html_url: "https://github.com/octo/hookline",
    },
    pulls: NUMBERS.map(pull),
    checkRuns: new Map(
      NUMBERS.map((n) => [
        `drift-${n}`,
        // #5 has a check still running: pending, as GitHub shows it.
        [
          run(n * 10 + 1, `drift-${n}`, "completed", "success"),
          ...(n === 5 ? [run(52, "drift-5", "in_progress", null)] : []),
        ],
      ]),
    ),
    checkSuites: new Map(),
    statuses: new Map(
      NUMBERS.map((n) => [
        `drift-${n}`,
        [
          {
            id: 7000 + n,
            context: "ci/legacy",
            state: "success",
            description: null,
            target_url: null,
            updated_at: "2026-12-04T09:56:00Z",
          },
        ],
      ]),
    ),
  };

  beforeAll(async () => {
    harness = await createRecoveryHarness();
    harness.github.repositories.set("octo/hookline", github);
  });
  afterAll(async () => {
    await harness.close();
  });

  const stored = async () =>
    (await harness.worker.prisma.pullRequest.findMany({ orderBy: { number: "asc" } })).map(
      (pr) => ({
        number: pr.number,
        state: pr.state,
        draft: pr.draft,
        headSha: pr.headSha,
        checksState: pr.checksState,
      }),
    );
  const truth = NUMBERS.map((number) => ({
    number,
    state: "OPEN",
    draft: false,
    headSha: `drift-${number}`,
    checksState: number === 5 ? "PENDING" : "SUCCESS",
  }));
  const settled = () =>
    waitFor(
      async () => {
        const counts = await harness.worker.incomingQueue.getJobCounts(
          "waiting",
          "active",
          "delayed",
          "prioritized",
        );
        return Object.values(counts).every((count) => count === 0);
      },
      { what: "the worker applied every queued event", timeoutMs: 30_000 },
    );

  it("finds no drift on a correct store, then finds and heals every pull request corrupted in PostgreSQL", async () => {
    const { sweeper, registry } = await harness.sweeper({
      yaml: "github:\n  drift:\n    sample: 50\n    reserve: 100\n",
    });
    await sweeper.backfill(["octo/hookline"]);
    await settled();
    expect(await stored()).toEqual(truth);

    const clean = await sweeper.drift("octo/hookline");
    expect(clean).toEqual({ checked: 5, drifted: [], queued: 0, errors: [] });
    expect(await metricValue(registry, "hookline_state_checked_total")).toBe(5);
    expect(await metricValue(registry, "hookline_state_drift_total")).toBe(0);

    // Corruption behind hookline's back, each pull request in another field.
    await harness.worker.prisma.$executeRawUnsafe(
      `UPDATE pull_requests SET state = 'CLOSED' WHERE number = 1`,
    );
    await harness.worker.prisma.$executeRawUnsafe(
      `UPDATE pull_requests SET draft = true WHERE number = 2`,
    );
    await harness.worker.prisma.$executeRawUnsafe(
      `UPDATE pull_requests SET head_sha = 'not-the-head' WHERE number = 3`,
    );
    await harness.worker.prisma.$executeRawUnsafe(
      `UPDATE pull_requests SET checks_state = 'FAILURE' WHERE number = 4`,
    );
    await harness.worker.prisma.$executeRawUnsafe(
      `UPDATE pull_requests SET checks_state = 'SUCCESS', draft = true WHERE number = 5`,
    );

    const found = await sweeper.drift("octo/hookline");
    expect(found.checked).toBe(5);
    expect(
      found.drifted
        .map((finding) => [
          finding.number,
          finding.differences.map((d) => `${d.field}:${String(d.stored)}→${String(d.github)}`),
        ])
        .sort(),
    ).toEqual([
      [1, ["state:CLOSED→OPEN"]],
      [2, ["draft:true→false"]],
      [3, ["head_sha:not-the-head→drift-3"]],
      [4, ["checks_state:FAILURE→SUCCESS"]],
      [5, ["draft:true→false", "checks_state:SUCCESS→PENDING"]],
    ]);
    const drifts = (await registry.getSingleMetric("hookline_state_drift_total")!.get()).values;
    expect(Object.fromEntries(drifts.map((value) => [value.labels.field, value.value]))).toEqual({
      state: 1,
      draft: 2,
      head_sha: 1,
      checks_state: 2,
    });
    const events = (
      await harness.worker.notificationQueue.getJobs(["prioritized", "waiting", "completed"])
    )
      .filter((job) => job.data.event_type === "system.state.drift")
      .map((job) => job.data.data.number)
      .sort();
    expect(events).toEqual(NUMBERS);

    await settled();
    expect(await stored()).toEqual(truth);
    expect(await sweeper.drift("octo/hookline")).toEqual({
      checked: 5,
      drifted: [],
      queued: 0,
      errors: [],
    });
  }, 90_000);

  it("spends no more than the API budget leaves above the reserve", async () => {
    const { sweeper } = await harness.sweeper({
      yaml: "github:\n  drift:\n    sample: 50\n    reserve: 1000\n",
    });
    harness.github.rateRemaining = 1007; // room for one pull request (four requests)
    expect((await sweeper.drift()).checked).toBe(1);
    harness.github.rateRemaining = 900;
    expect(await sweeper.drift()).toMatchObject({
      checked: 0,
      skipped: expect.stringContaining("budget"),
    });
    harness.github.rateRemaining = 5000;
  });

  it("prints what it found, one line per drifted pull request", () => {
    expect(
      describeDrift({
        checked: 3,
        drifted: [
          {
            repository: "octo/hookline",
            number: 7,
            differences: [{ field: "state", stored: "CLOSED", github: "OPEN" }],
          },
        ],
        queued: 2,
        errors: [{ repository: "octo/hookline", number: 8, error: "Not Found" }],
      }),
    ).toEqual([
      "octo/hookline#7: state stored CLOSED, GitHub OPEN",
      "octo/hookline#8: FAILED Not Found",
      "3 pull requests checked, 1 drifted (2 events queued to heal them), 1 errors",
    ]);
  });

  it("takes --repo owner/name or --all", () => {
    expect(parseDriftArguments(["--repo", "octo/hookline"])).toEqual({
      repository: "octo/hookline",
    });
    expect(parseDriftArguments(["--all"])).toEqual({});
    expect(() => parseDriftArguments([])).toThrow(/usage/);
    expect(() => parseDriftArguments(["--repo", "nope"])).toThrow(/usage/);
  });
});
