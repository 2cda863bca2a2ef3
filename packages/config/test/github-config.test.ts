import { loadConfig } from "@hookline/config";
import { problemsOf } from "./support/problems-of";

describe("the github section", () => {
  it("reads hooks of every kind, GitHub Enterprise's base URL and the sweep settings", () => {
    const config = loadConfig({
      role: "sweeper",
      yaml: `github:
  api_url: https://ghe.example.com/api/v3
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 12 }
    - { kind: organization, org: octo, hook_id: "34" }
    - { kind: app }
  repositories: [octo/other]
  sweep: { interval: 30m, look_back: 2d, max_redeliveries: 7 }
`,
      env: {
        GITHUB_TOKEN: "github_pat_x",
        GITHUB_APP_ID: "99",
        GITHUB_APP_PRIVATE_KEY:
          "-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----",
      },
    });
    expect(config.github.api_url).toBe("https://ghe.example.com/api/v3");
    expect(config.github.hooks).toEqual([
      { kind: "repository", repository: "octo/hookline", hook_id: 12 },
      { kind: "organization", org: "octo", hook_id: 34 },
      { kind: "app" },
    ]);
    expect(config.github.app?.private_key).toBe(
      "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----",
    );
    expect(config.github.sweep).toMatchObject({
      interval: 30 * 60_000,
      look_back: 2 * 86_400_000,
      max_redeliveries: 7,
      write_interval: 1000,
    });
  });

  it("has defaults: api.github.com, no hooks, a sweep every 15 minutes looking back a day", () => {
    const { github } = loadConfig({ role: "sweeper", env: {} });
    expect(github).toMatchObject({ api_url: "https://api.github.com", hooks: [] });
    expect(github.sweep).toMatchObject({
      interval: 900_000,
      look_back: 86_400_000,
      max_redeliveries: 100,
    });
  });

  it("refuses hooks without credentials, naming the keys and never the values", () => {
    const problems = problemsOf(() =>
      loadConfig({
        role: "sweeper",
        yaml: `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 1 }
    - { kind: app }
    - { kind: organization, org: octo, hook_id: -1 }
`,
        env: { GITHUB_SWEEP_MAX_REDELIVERIES: "many" },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^github\.hooks\[2\]\.hook_id:/),
        expect.stringMatching(
          /^github\.sweep\.max_redeliveries \(from GITHUB_SWEEP_MAX_REDELIVERIES\):/,
        ),
      ]),
    );
  });

  it("asks a sweeper for a token or an installation for repository hooks, and a key for App hooks", () => {
    const problems = problemsOf(() =>
      loadConfig({
        role: "sweeper",
        yaml: `github:
  hooks:
    - { kind: repository, repository: octo/hookline, hook_id: 1 }
    - { kind: app, app_id: 5 }
`,
        env: {},
      }),
    );
    expect(problems).toEqual([
      "github.hooks[0]: a repository hook needs github.token (GITHUB_TOKEN) or github.app.installation_id",
      "github.hooks[1]: an app hook needs private_key here or in github.app (GITHUB_APP_PRIVATE_KEY)",
    ]);
  });
});
