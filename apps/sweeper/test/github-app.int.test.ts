import { generateKeyPairSync } from "node:crypto";
import type { DeliveryRow } from "@hookline/test-utils";
import { SECRET, pullRequestEvent, waitFor } from "@hookline/test-utils";
import { createRecoveryHarness, REPO_HOOK, type RecoveryHarness } from "./support/recovery-harness";

const APP_ID = 4711;
const INSTALLATION_ID = 77;
const APP_HOOK = "/app/hook";

// A GitHub App: its own webhook's deliveries through the App's JWT, and a
// repository hook through an installation token minted with that JWT.
describe("sweeping as a GitHub App", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  let harness: RecoveryHarness;
  beforeAll(async () => {
    harness = await createRecoveryHarness({ apps: new Map([[APP_ID, publicKey]]) });
    harness.github.addHook(APP_HOOK, harness.ingestUrl, SECRET);
  });
  afterAll(async () => {
    await harness.close();
  });

  it("lists the App hook with a JWT, the repository hook with an installation token, and recovers both", async () => {
    const { github } = harness;
    harness.ingestMode = "refuse";
    const missed: DeliveryRow[] = [];
    for (let n = 1; n <= 3; n += 1)
      missed.push(
        await github.deliver(
          n === 3 ? REPO_HOOK : APP_HOOK,
          "pull_request",
          pullRequestEvent({ number: n, action: "opened", updatedAt: "2026-11-29T08:00:00Z" }),
        ),
      );
    harness.ingestMode = "up";

    const { sweeper } = await harness.sweeper({
      env: {
        GITHUB_TOKEN: "",
        GITHUB_APP_ID: String(APP_ID),
        // As GitHub hands it out: PKCS#1 PEM.
        GITHUB_APP_PRIVATE_KEY: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
        GITHUB_APP_INSTALLATION_ID: String(INSTALLATION_ID),
      },
      yaml: `github:
  hooks:
    - { kind: app }
    - { kind: repository, repository: octo/hookline, hook_id: 101 }
  sweep: { write_interval: 10ms, retry_base: 50ms }
`,
    });
    const outcome = await sweeper.sweep();
    expect(outcome.errors).toEqual([]);
    expect(outcome.reports.map((report) => [report.hook, report.requested])).toEqual([
      [`app:${APP_ID}`, 2],
      ["repository:octo/hookline:101", 1],
    ]);
    const calls = github.requests.map(
      (request) => `${request.auth} ${request.method} ${request.path}`,
    );
    expect(calls).toContain(`bearer GET ${APP_HOOK}/deliveries`);
    expect(calls).toContain(`bearer POST /app/installations/${INSTALLATION_ID}/access_tokens`);
    expect(calls).toContain(`token GET ${REPO_HOOK}/deliveries`);
    expect(
      calls.filter((call) => call.startsWith("bearer POST /app/hook/deliveries/")),
    ).toHaveLength(2);

    await github.settled();
    await waitFor(
      async () => {
        const applied = await harness.applied();
        return missed.every((row) => applied.has(row.guid));
      },
      { what: "the App's missed deliveries applied" },
    );
  });
});
