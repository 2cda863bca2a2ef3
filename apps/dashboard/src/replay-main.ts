// `npm run replay -- --repo acme/web --since "2026-11-29 03:00 UTC" --dry-run`:
// replays dead letters from a script, without the dashboard. Needs Redis and
// PostgreSQL (for the audit log) only, never a channel secret. Asks on a
// terminal unless --yes; exit codes in REPLAY_USAGE.
import { userInfo } from "node:os";
import { createInterface } from "node:readline/promises";
import { loadProcessConfig } from "@hookline/config";
import { createPrismaClient } from "@hookline/db";
import { runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { createQueue, createRedisConnection, redisReady, type QueueName } from "@hookline/queue";
import type { Queue } from "bullmq";
import { createAuditLog } from "./audit/audit-log";
import { runReplayCommand } from "./replay/replay-command";

runMain(async () => {
  const config = loadProcessConfig("replay");
  const logger = createLogger({ service: "replay", level: "warn" });
  const redis = createRedisConnection(config.redis, "producer", "hookline-replay");
  const prisma = createPrismaClient(config.database.url, { maxConnections: 1 });
  const queues: Queue[] = [];
  try {
    await redisReady(redis);
    process.exitCode = await runReplayCommand(
      process.argv.slice(2),
      {
        write: (text) => process.stdout.write(text),
        interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
        async ask(question) {
          const terminal = createInterface({ input: process.stdin, output: process.stdout });
          try {
            return await terminal.question(question);
          } finally {
            terminal.close();
          }
        },
      },
      {
        queueFor(name) {
          const queue = createQueue(name as QueueName, {
            connection: redis,
            prefix: config.redis.prefix,
          });
          queues.push(queue);
          return queue;
        },
        audit: createAuditLog(prisma, logger),
        actor: { name: `command:${userInfo().username}`, origin: "command" },
        timeZone: config.dashboard.time_zone,
      },
    );
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    await prisma.$disconnect();
    redis.disconnect();
  }
});
