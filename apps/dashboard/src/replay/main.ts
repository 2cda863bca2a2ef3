// `npm run replay -- --repo acme/web --since 2026-11-29T03:00Z --dry-run`:
// replays dead letters from a script, without the dashboard. Needs Redis and
// PostgreSQL (for the audit log) only, never a channel secret.
import { userInfo } from "node:os";
import { loadProcessConfig } from "@hookline/config";
import { createPrismaClient } from "@hookline/db";
import { runMain } from "@hookline/lifecycle";
import { createLogger } from "@hookline/observability";
import { createQueue, createRedisConnection, redisReady } from "@hookline/queue";
import { createAuditLog } from "../audit/audit-log";
import { parseReplayArguments } from "./replay-arguments";
import { runReplay } from "./run-replay";

runMain(async () => {
  const request = parseReplayArguments(process.argv.slice(2));
  const config = loadProcessConfig("replay");
  const logger = createLogger({ service: "replay", level: config.log_level });
  const redis = createRedisConnection(config.redis, "producer", "hookline-replay");
  const prisma = createPrismaClient(config.database.url, { maxConnections: 1 });
  try {
    await redisReady(redis);
    const queue = createQueue(request.queue, { connection: redis, prefix: config.redis.prefix });
    const outcome = await runReplay(queue, request, createAuditLog(prisma, logger), {
      name: `command:${userInfo().username}`,
      origin: "command",
    });
    process.stdout.write(
      `${JSON.stringify({
        queue: outcome.queue,
        dry_run: outcome.dryRun,
        matched: outcome.matched.length,
        replayed: outcome.replayed.length,
        job_ids: outcome.dryRun ? outcome.matched : outcome.replayed,
      })}\n`,
    );
    await queue.close();
  } finally {
    await prisma.$disconnect();
    redis.disconnect();
  }
});
