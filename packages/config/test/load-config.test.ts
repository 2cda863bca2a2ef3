import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@hookline/config";
import { problemsOf } from "./support/problems-of";

describe("loadConfig", () => {
  it("has working defaults for a worker with no file and no environment", () => {
    const config = loadConfig({ env: {}, role: "worker" });
    expect(config.redis).toEqual({
      url: "redis://127.0.0.1:6379",
      cluster_nodes: [],
      prefix: "{hookline}",
    });
    expect(config.ingest.headers_timeout).toBe(5000);
    expect(config.ingest.request_timeout).toBe(10_000);
    expect(config.incoming.max_body_bytes).toBe(25 * 1024 * 1024);
    expect(config.incoming.dedupe_ttl).toBe(72 * 3600 * 1000);
    expect(config.outgoing.timeout).toBe(30_000);
  });

  it("reads Redis Cluster seed nodes from REDIS_CLUSTER_NODES and requires a hash-tagged prefix", () => {
    const env = { REDIS_CLUSTER_NODES: "10.0.0.1:7000, 10.0.0.2:7001" };
    const config = loadConfig({ env, role: "worker" });
    expect(config.redis.cluster_nodes).toEqual(["10.0.0.1:7000", "10.0.0.2:7001"]);
    const problems = problemsOf(() =>
      loadConfig({ env, role: "worker", yaml: "redis:\n  prefix: hookline\n" }),
    );
    expect(problems.join("\n")).toMatch(/redis\.prefix.*hash tag/);
    expect(
      problemsOf(() => loadConfig({ env: { REDIS_CLUSTER_NODES: "nowhere" }, role: "worker" })),
    ).toHaveLength(1);
  });

  it("reads the file named by CONFIG_PATH and interpolates ${VAR} and ${VAR:-default}", () => {
    const path = join(mkdtempSync(join(tmpdir(), "hookline-config-")), "config.yaml");
    writeFileSync(
      path,
      [
        "redis:",
        "  url: redis://${REDIS_HOST:-localhost}:6380",
        "outgoing:",
        "  channels:",
        "    audit:",
        "      url: https://audit.example.com/hook",
        "      headers:",
        "        Authorization: Bearer ${AUDIT_TOKEN}",
        "      retry_schedule: [1s, 5m, 2h]",
      ].join("\n"),
    );
    const config = loadConfig({
      env: { CONFIG_PATH: path, AUDIT_TOKEN: "t0k3n" },
      role: "notifier",
    });
    expect(config.redis.url).toBe("redis://localhost:6380");
    expect(config.outgoing.channels.audit?.headers).toEqual({ Authorization: "Bearer t0k3n" });
    expect(config.outgoing.channels.audit?.retry_schedule).toEqual([1000, 300_000, 7_200_000]);
  });

  it("lets the documented environment variables override the file", () => {
    const config = loadConfig({
      role: "ingest",
      yaml: "incoming:\n  rate_limit: 10\n  signature_required: true\n",
      env: {
        GITHUB_WEBHOOK_SECRET: "old,new",
        WEBHOOK_RATE_LIMIT: "250",
        WEBHOOK_SIGNATURE_REQUIRED: "false",
        WEBHOOK_TIMEOUT: "12",
        REDIS_URL: "redis://redis:6379",
        DATABASE_URL: "postgresql://db/hookline",
        INGEST_PORT: "8080",
        DASHBOARD_PORT: "8081",
        LOG_LEVEL: "debug",
        MONITORING_WEBHOOK_URL: "https://monitoring.example.com/in",
        MONITORING_WEBHOOK_TOKEN: "mon-token",
        ALERTING_WEBHOOK_URL: "https://alerts.example.com/in",
      },
    });
    expect(config.incoming.github.secrets).toEqual(["old", "new"]);
    expect(config.incoming.rate_limit).toBe(250);
    expect(config.incoming.signature_required).toBe(false);
    expect(config.outgoing.timeout).toBe(12_000);
    expect(config.redis.url).toBe("redis://redis:6379");
    expect(config.database.url).toBe("postgresql://db/hookline");
    expect(config.ingest.port).toBe(8080);
    expect(config.dashboard.port).toBe(8081);
    expect(config.log_level).toBe("debug");
    expect(config.outgoing.channels.monitoring).toMatchObject({
      url: "https://monitoring.example.com/in",
      headers: { Authorization: "Bearer mon-token" },
    });
    expect(config.outgoing.channels.alerting?.url).toBe("https://alerts.example.com/in");
  });

  it("reports every problem at once, naming keys and variables but no values", () => {
    const problems = problemsOf(() =>
      loadConfig({
        role: "ingest",
        yaml: "redis:\n  url: ${MISSING_VAR}\noutgoing:\n  channels:\n    audit:\n      url: not a url\n",
        env: {
          WEBHOOK_RATE_LIMIT: "lots",
          LOG_LEVEL: "chatty",
          DATABASE_URL: "mysql://secret-password@db",
        },
      }),
    );
    const text = problems.join("\n");
    expect(text).toContain("redis.url: environment variable MISSING_VAR is not set");
    expect(text).toContain("incoming.rate_limit (from WEBHOOK_RATE_LIMIT)");
    expect(text).toContain("log_level (from LOG_LEVEL)");
    expect(text).toContain("database.url (from DATABASE_URL)");
    expect(text).toContain("outgoing.channels.audit.url");
    expect(text).toContain("incoming.github.secrets: signature verification is required");
    expect(text).not.toContain("secret-password");
  });

  it("lets only the ingest refuse to start without a GitHub secret", () => {
    expect(() => loadConfig({ env: {}, role: "worker" })).not.toThrow();
    expect(problemsOf(() => loadConfig({ env: {}, role: "ingest" }))).toHaveLength(1);
    expect(() =>
      loadConfig({ env: { WEBHOOK_SIGNATURE_REQUIRED: "false" }, role: "ingest" }),
    ).not.toThrow();
  });

  it("requires named dashboard users unless the dashboard is local-only", () => {
    expect(problemsOf(() => loadConfig({ env: {}, role: "dashboard" }))[0]).toMatch(
      /dashboard.users/,
    );
    expect(() =>
      loadConfig({ env: {}, role: "dashboard", yaml: "dashboard:\n  local_only: true\n" }),
    ).not.toThrow();
  });

  it("reads dashboard users with roles and password hashes, from YAML or DASHBOARD_USERS", () => {
    const hash = `scrypt.32768.8.1.${"a".repeat(22)}.${"b".repeat(43)}`;
    const config = loadConfig({
      env: { DASHBOARD_USERS: `alice:admin:${hash}, bob:viewer:${hash}` },
      role: "dashboard",
    });
    expect(config.dashboard.users).toEqual({
      alice: { role: "admin", password_hash: hash },
      bob: { role: "viewer", password_hash: hash },
    });
    expect(config.dashboard.time_zone).toBe("UTC");
    const problems = problemsOf(() =>
      loadConfig({
        env: {},
        role: "dashboard",
        yaml: `dashboard:\n  time_zone: Mars/Olympus\n  users:\n    carol: { role: root, password_hash: hunter2 }\n`,
      }),
    );
    expect(problems.join("\n")).toMatch(/dashboard.users.carol.role/);
    expect(problems.join("\n")).toMatch(/dashboard.users.carol.password_hash: expected a hash/);
    expect(problems.join("\n")).toMatch(/dashboard.time_zone: expected an IANA time zone/);
    expect(problems.join("\n")).not.toContain("hunter2");
  });

  it("reads the dashboard's proxy settings: trust proxy, public origin, IPv6 client prefix", () => {
    const local = "dashboard:\n  local_only: true\n";
    const defaults = loadConfig({ env: {}, role: "dashboard", yaml: local }).dashboard;
    expect(defaults).toMatchObject({ trust_proxy: false, ipv6_prefix: 64 });
    expect(defaults.public_origin).toBeUndefined();
    const behind = loadConfig({
      env: {},
      role: "dashboard",
      yaml: `${local}  trust_proxy: "loopback, 10.0.0.0/8"\n  public_origin: https://Hookline.example.com/\n  ipv6_prefix: 56\n`,
    }).dashboard;
    expect(behind).toMatchObject({
      trust_proxy: "loopback, 10.0.0.0/8",
      public_origin: "https://hookline.example.com",
      ipv6_prefix: 56,
    });
    const problems = problemsOf(() =>
      loadConfig({
        env: {},
        role: "dashboard",
        yaml: `${local}  public_origin: hookline.example.com\n  ipv6_prefix: 129\n`,
      }),
    ).join("\n");
    expect(problems).toMatch(/dashboard.public_origin: expected an origin/);
    expect(problems).toMatch(/dashboard.ipv6_prefix/);
  });

  it("starts the replay command and the dashboard without channel or source secrets", () => {
    const yaml = [
      "incoming:",
      "  github:",
      '    secrets: "${GITHUB_WEBHOOK_SECRET}"',
      "outgoing:",
      "  channels:",
      "    alerting:",
      "      url: https://alerts.example",
      "      secret: ${ALERTING_SECRET}",
      "dashboard:",
      "  local_only: true",
      "",
    ].join("\n");
    expect(() => loadConfig({ env: {}, role: "replay", yaml })).not.toThrow();
    expect(() => loadConfig({ env: {}, role: "dashboard", yaml })).not.toThrow();
    expect(problemsOf(() => loadConfig({ env: {}, role: "notifier", yaml })).join("\n")).toMatch(
      /ALERTING_SECRET/,
    );
  });

  it("reports an unreadable CONFIG_PATH clearly", () => {
    expect(
      problemsOf(() =>
        loadConfig({ env: { CONFIG_PATH: "/nonexistent/config.yaml" }, role: "worker" }),
      ),
    ).toEqual(["CONFIG_PATH: cannot read /nonexistent/config.yaml (ENOENT)"]);
  });
});
