import { pullRequestEvent } from "@hookline/test-utils";
import { RATE_LIMITED } from "./support/github-limit-answers";
import { createRecoveryHarness, REPO_HOOK, type RecoveryHarness } from "./support/recovery-harness";

// GitHub's limits and refusals: rate limits are waited out, 5xx retried,
// an unknown hook reported; replicas never sweep one hook twice at once.
describe("sweeping against GitHub's limits", () => {
  let harness: RecoveryHarness;
  beforeEach(async () => {
    harness = await createRecoveryHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  async function missDeliveries(count: number): Promise<void> {
    for (let n = 1; n <= count; n += 1)
      await harness.github.deliver(
        REPO_HOOK,
        "pull_request",
        pullRequestEvent({ number: n, action: "opened", updatedAt: "2026-11-29T08:00:00Z" }),
        { unreachable: true },
      );
  }

  const isListing = (method: string, path: string) =>
    method === "GET" && path.endsWith("/deliveries");

  it("waits out a primary rate limit (403, x-ratelimit-reset) and retries a 5xx, then resumes the listing", async () => {
    await missDeliveries(120); // two pages of 100
    const { github } = harness;
    github.intercept(isListing, RATE_LIMITED.primary);
    github.intercept(isListing, RATE_LIMITED.serverError);
    const { sweeper, progress } = await harness.sweeper({
      env: { GITHUB_SWEEP_MAX_REDELIVERIES: "5" },
    });
    const originalLength = github.requests.length;
    const started = Date.now();
    const outcome = await sweeper.sweep();
    expect(outcome.errors).toEqual([]);
    expect(outcome.reports[0]).toMatchObject({
      listed: 120,
      failed: 120,
      requested: 5,
      leftOver: 115,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(progress.some((line) => line.includes("rate limited by GitHub (primary)"))).toBe(true);
    const listingRequests = github.requests
      .slice(originalLength)
      .filter((request) => isListing(request.method, request.path));
    // 403 rate limited, 502, then two pages.
    expect(listingRequests.length).toBe(4);
  }, 60_000);

  it("waits out a secondary rate limit (429 + Retry-After) on the second page", async () => {
    await missDeliveries(110);
    const { github } = harness;
    let listings = 0;
    github.intercept(
      (method, path) => isListing(method, path) && ++listings === 2,
      RATE_LIMITED.secondary,
    );
    const { sweeper, progress } = await harness.sweeper({
      env: { GITHUB_SWEEP_MAX_REDELIVERIES: "5" },
    });
    const outcome = await sweeper.sweep();
    expect(outcome.errors).toEqual([]);
    expect(outcome.reports[0]).toMatchObject({ listed: 110, requested: 5 });
    expect(
      progress.some((line) => line.includes("rate limited by GitHub (secondary): waiting 1 s")),
    ).toBe(true);
  }, 60_000);

  it("reports an unknown hook (404) as unreachable and still sweeps the others", async () => {
    await missDeliveries(2);
    const { sweeper, registry } = await harness.sweeper({
      yaml: `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 999 }
    - { kind: organization, org: octo, hook_id: 5 }
    - { kind: repository, repository: octo/hookline, hook_id: 101 }
  sweep: { write_interval: 10ms, retry_base: 50ms }
`,
    });
    const outcome = await sweeper.sweep();
    expect(outcome.errors.map((error) => [error.hook, error.status])).toEqual([
      ["repository:octo/hookline:999", 404],
      ["organization:octo:5", 404],
    ]);
    expect(outcome.reports).toHaveLength(1);
    expect(outcome.reports[0]).toMatchObject({ requested: 2 });
    const failures = await registry.getSingleMetric("github_sweep_failures_total")?.get();
    expect(failures?.values.length).toBe(2);
    const notifications = await harness.worker.notificationQueue.getJobs([
      "waiting",
      "prioritized",
    ]);
    const unreachable = notifications.filter(
      (job) => job.data.event_type === "system.github.unreachable",
    );
    expect(unreachable).toHaveLength(2);
    expect(unreachable[0]!.data).toMatchObject({ priority: "high", data: { status: 404 } });
  });

  it("lets two replicas sweep at once without asking for anything twice", async () => {
    await missDeliveries(8);
    const [a, b] = await Promise.all([harness.sweeper(), harness.sweeper()]);
    const [first, second] = await Promise.all([a.sweeper.sweep(), b.sweeper.sweep()]);
    const requested = [...first.reports, ...second.reports].reduce(
      (sum, report) => sum + report.requested,
      0,
    );
    expect(requested).toBe(8);
    expect(harness.github.redeliveryRequests).toHaveLength(8);
  });
});
