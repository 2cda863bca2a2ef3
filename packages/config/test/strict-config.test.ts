import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeConfigFile, loadConfig, loadConfigFrom } from "@hookline/config";
import { problemsOf } from "./support/problems-of";

const notifier = (yaml: string, env: Record<string, string> = {}) =>
  problemsOf(() => loadConfig({ env, role: "notifier", yaml }));

describe("a configuration that cannot be wrong quietly", () => {
  it("refuses an unknown key, suggesting the key that was meant, with its line", () => {
    expect(notifier("outgoing:\n  chanels:\n    audit:\n      url: https://a.example\n")).toEqual([
      "outgoing.chanels: unknown key; did you mean outgoing.channels? (config.yaml:2:3)",
    ]);
    const problems = notifier(
      "outgoing:\n  channels:\n    audit:\n      url: https://a.example\n      retry_shedule: [1s, 5s]\n",
    );
    expect(problems).toEqual([
      "outgoing.channels.audit.retry_shedule: unknown key; did you mean outgoing.channels.audit.retry_schedule? (config.yaml:5:7)",
    ]);
  });

  it("suggests the section of a key written at the top level", () => {
    expect(notifier("time_zone: Europe/Berlin\n")).toEqual([
      "time_zone: unknown key; did you mean dashboard.time_zone? (config.yaml:1:1)",
    ]);
    expect(notifier("channels:\n  audit:\n    url: https://a.example\n")).toEqual([
      "channels: unknown key; did you mean outgoing.channels? (config.yaml:1:1)",
    ]);
    // Deeper down, a same-named key elsewhere is another thing: no suggestion.
    expect(notifier("incoming:\n  sources:\n    prod:\n      token: x\n")).toContainEqual(
      "incoming.sources.prod.token: unknown key (config.yaml:4:7)",
    );
  });

  it("refuses unknown keys everywhere: top level, lists, records, and with no close match", () => {
    const text = notifier(
      [
        "logging: debug",
        "github:",
        "  hooks:",
        "    - kind: repository",
        "      repository: o/r",
        "      hook_id: 1",
        "      hookid: 2",
        "dashboard:",
        "  users:",
        "    ana: { role: admin, pasword_hash: x }",
        "",
      ].join("\n"),
    ).join("\n");
    expect(text).toContain("logging: unknown key (config.yaml:1:1)");
    expect(text).toContain(
      "github.hooks[0].hookid: unknown key; did you mean github.hooks[0].hook_id?",
    );
    expect(text).toContain(
      "dashboard.users.ana.pasword_hash: unknown key; did you mean dashboard.users.ana.password_hash?",
    );
  });

  it("names the line and column of a YAML syntax error, once", () => {
    const problems = notifier("redis:\n  url: redis://a\n prefix: x\n  bad: [\n");
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatch(/^config\.yaml:\d+:\d+: .+\([A-Z_]+\)$/);
    expect(new Set(problems.map((line) => line.split(": ")[0])).size).toBe(problems.length);
    expect(notifier("a: 1\na: 2\n")[0]).toMatch(/^config\.yaml:2:1: .*unique.*\(DUPLICATE_KEY\)$/i);
  });

  it("reports an unset variable once, not again as the invalid empty value it left", () => {
    const problems = notifier(
      "outgoing:\n  channels:\n    alerting:\n      url: ${ALERTING_WEBHOOK_URL_X}\n",
    );
    expect(problems).toEqual([
      "outgoing.channels.alerting.url: environment variable ALERTING_WEBHOOK_URL_X is not set and has no default",
    ]);
  });

  it("says what was written, not what it became (no NaN)", () => {
    const problems = notifier(
      "outgoing:\n  channels:\n    a:\n      url: https://a.example\n      retries: three\n      min_priority: urgent\n",
    );
    expect(problems).toEqual([
      'outgoing.channels.a.retries: expected a number, got "three" (config.yaml:5:7)',
      'outgoing.channels.a.min_priority: expected one of "low", "medium", "high", "critical", got "urgent" (config.yaml:6:7)',
    ]);
    expect(problems.join("\n")).not.toContain("NaN");
    expect(
      problemsOf(() => loadConfig({ env: { WORKER_CONCURRENCY: "lots" }, role: "worker" })),
    ).toEqual(['worker.concurrency (from WORKER_CONCURRENCY): expected a number, got "lots"']);
  });

  it("never repeats a secret's value in a message", () => {
    const text = notifier(
      "outgoing:\n  channels:\n    a:\n      url: https://a.example\n      secret: 12345\n      headers: supersecretvalue\n",
    ).join("\n");
    expect(text).toContain("outgoing.channels.a.secret: expected text, got a number");
    expect(text).not.toContain("12345");
    expect(text).not.toContain("supersecretvalue");
  });

  it("reads ./config.yaml when CONFIG_PATH is unset, and says which file it read", () => {
    const directory = mkdtempSync(join(tmpdir(), "hookline-cwd-"));
    const none = loadConfigFrom({ env: {}, role: "worker", cwd: directory });
    expect(describeConfigFile(none.file)).toBe(
      `no configuration file: CONFIG_PATH is not set and ${join(directory, "config.yaml")} does not exist; defaults and environment variables only`,
    );
    writeFileSync(join(directory, "config.yaml"), "worker:\n  concurrency: 3\n");
    const found = loadConfigFrom({ env: {}, role: "worker", cwd: directory });
    expect(found.config.worker.concurrency).toBe(3);
    expect(describeConfigFile(found.file)).toBe(
      `configuration from ${join(directory, "config.yaml")} (CONFIG_PATH is not set)`,
    );
    const other = join(directory, "other.yaml");
    writeFileSync(other, "worker:\n  concurrency: 4\n");
    const named = loadConfigFrom({ env: { CONFIG_PATH: other }, role: "worker", cwd: directory });
    expect(named.config.worker.concurrency).toBe(4);
    expect(describeConfigFile(named.file)).toBe(`configuration from ${other} (CONFIG_PATH)`);
  });

  it("lets the dashboard skip sections it does not read, but not a misspelt section", () => {
    const yaml =
      "outgoing:\n  chanels: {}\n  channels:\n    a:\n      url: ${UNSET_URL}\ndashboard:\n  local_only: true\n";
    expect(() => loadConfig({ env: {}, role: "dashboard", yaml })).not.toThrow();
    expect(
      problemsOf(() => loadConfig({ env: {}, role: "dashboard", yaml: `${yaml}dashbord: {}\n` })),
    ).toEqual(["dashbord: unknown key; did you mean dashboard? (config.yaml:8:1)"]);
  });
});
