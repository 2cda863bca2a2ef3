import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { startRedis, type RedisServer } from "../src";

const REPO_ROOT = join(__dirname, "..", "..", "..");

// "A 202 survives an OS crash of the Redis host by default": the Redis that
// `npm start` and the benchmarks run fsyncs its AOF before answering.
describe("Redis durability flags", () => {
  const servers: RedisServer[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.stop();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function configOf(options: Parameters<typeof startRedis>[0]) {
    const server = await startRedis(options);
    servers.push(server);
    const client = new Redis(server.url);
    try {
      const [, appendonly] = (await client.config("GET", "appendonly")) as string[];
      const [, appendfsync] = (await client.config("GET", "appendfsync")) as string[];
      return { appendonly, appendfsync };
    } finally {
      client.disconnect();
    }
  }

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "hookline-redis-"));
    dirs.push(dir);
    return dir;
  };

  it("fsyncs the AOF before every answer unless told otherwise", async () => {
    expect(await configOf({ dataDir: dataDir(), appendOnly: true })).toEqual({
      appendonly: "yes",
      appendfsync: "always",
    });
    // What a benchmark compares it with.
    expect(
      await configOf({ dataDir: dataDir(), appendOnly: true, appendFsync: "everysec" }),
    ).toEqual({ appendonly: "yes", appendfsync: "everysec" });
  });

  it("is what docker-compose.yml and npm start run", () => {
    const compose = readFileSync(join(REPO_ROOT, "docker-compose.yml"), "utf8");
    expect(compose).toMatch(/"--appendfsync",\s*"always"/);
    const stack = readFileSync(join(REPO_ROOT, "tools/stack/src/main.ts"), "utf8");
    expect(stack).toMatch(/appendOnly: true,[^}]*appendFsync: "always"/);
  });
});
